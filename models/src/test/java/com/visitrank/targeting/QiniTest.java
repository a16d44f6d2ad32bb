package com.visitrank.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class QiniTest {

  /**
   * Four loans in two bins. Top bin: a visited loan repaying 10 and a control loan repaying 0:
   * Qini 10. All: visited 10 + 0, control 0 + 4, so 10 - 4 * 2 / 2 = 6. Area (0+10)/2 +
   * (10+6)/2 = 13 over 2 bins = 6.5; random 6 / 2 = 3.
   */
  @Test
  void theCurveScalesControlOutcomesToTheVisitedCount(SparkSession spark) {
    Date d = Date.valueOf("2025-09-30");
    Dataset<Row> scored = spark.createDataFrame(List.of(
            RowFactory.create(d, "A", true, 10.0, 0.9),
            RowFactory.create(d, "B", false, 0.0, 0.8),
            RowFactory.create(d, "C", true, 0.0, 0.2),
            RowFactory.create(d, "D", false, 4.0, 0.1)),
        StructType.fromDDL("plan_date date, loan_id string, treated boolean, outcome double,"
            + " uplift double"));
    Qini.Result result = Qini.curve(Qini.bins(scored, "uplift", 2).collectAsList());
    assertEquals(List.of(10.0, 6.0), result.points());
    assertEquals(6.5, result.area(), 1e-12);
    assertEquals(3.0, result.randomArea(), 1e-12);
    assertEquals(3.5, result.coefficient(), 1e-12);
  }
}
