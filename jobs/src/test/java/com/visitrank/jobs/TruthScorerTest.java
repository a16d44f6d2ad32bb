package com.visitrank.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.model.Scorer;
import com.visitrank.testing.SparkSessionExtension;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class TruthScorerTest {

  private static final Date NOV = Date.valueOf("2025-11-30");
  private static final Date DEC = Date.valueOf("2025-12-31");

  /** Outlook rows: loan_id, as_of_date, p_long_overdue_60d_no_visit, p_long_overdue_60d_visit. */
  private static Dataset<Row> outlook(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), new StructType()
        .add("loan_id", DataTypes.StringType).add("as_of_date", DataTypes.DateType)
        .add("p_long_overdue_60d_no_visit", DataTypes.DoubleType)
        .add("p_long_overdue_60d_visit", DataTypes.DoubleType));
  }

  @Test
  void scoresEachRowWithTheOutlookOfItsOwnDateAndZeroWithoutOne(SparkSession spark) {
    Dataset<Row> features = spark.createDataFrame(List.of(
            RowFactory.create("a", DEC, 12),
            RowFactory.create("a", NOV, 3),
            RowFactory.create("b", DEC, 40),
            RowFactory.create("c", DEC, 5)),
        new StructType().add("loan_id", DataTypes.StringType)
            .add("as_of_date", DataTypes.DateType).add("dpd", DataTypes.IntegerType));
    Dataset<Row> outlook = outlook(spark,
        RowFactory.create("a", DEC, 0.25, 0.1),
        RowFactory.create("a", NOV, 0.5, 0.2),
        RowFactory.create("b", DEC, 0.75, 0.7),
        RowFactory.create("c", NOV, 0.9, 0.9));

    Dataset<Row> scored = new TruthScorer(outlook).score(features);

    assertEquals(List.of("loan_id", "as_of_date", "dpd", Scorer.PROBABILITY,
        Scorer.REASON_CODES), List.of(scored.columns()));
    List<String> rows = scored.orderBy("loan_id", "as_of_date").collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getDate(1) + " " + r.getInt(2) + " " + r.getDouble(3)
            + " " + r.getList(4))
        .toList();
    assertEquals(List.of(
        "a 2025-11-30 3 0.5 []",
        "a 2025-12-31 12 0.25 []",
        "b 2025-12-31 40 0.75 []",
        "c 2025-12-31 5 0.0 []"), rows);
  }

  @Test
  void scoresPastPlansByTheirPlanDate(SparkSession spark) {
    Dataset<Row> plans = spark.createDataFrame(List.of(
            RowFactory.create("a", NOV), RowFactory.create("b", NOV)),
        new StructType().add("loan_id", DataTypes.StringType)
            .add("plan_date", DataTypes.DateType));
    Dataset<Row> outlook = outlook(spark,
        RowFactory.create("a", NOV, 0.5, 0.2), RowFactory.create("a", DEC, 0.25, 0.1));

    List<String> rows = new TruthScorer(outlook).score(plans).orderBy("loan_id")
        .collectAsList().stream().map(r -> r.getString(0) + " " + r.getDouble(2)).toList();

    assertEquals(List.of("a 0.5", "b 0.0"), rows);
  }
}
