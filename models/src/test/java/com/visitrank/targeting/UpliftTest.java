package com.visitrank.targeting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.DataFrameAssertions;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class UpliftTest {

  @Test
  void outcomesSumPaymentsInsideTheWindowOfPlansWhoseWindowHasEnded(SparkSession spark) {
    Dataset<Row> plans = spark.createDataFrame(List.of(
            RowFactory.create(Date.valueOf("2025-09-30"), "A", "T1", false),
            RowFactory.create(Date.valueOf("2025-09-30"), "A", "T1", false),
            RowFactory.create(Date.valueOf("2025-09-30"), "B", "T1", true),
            RowFactory.create(Date.valueOf("2025-12-15"), "C", "T1", false)),
        StructType.fromDDL("plan_date date, loan_id string, team_id string,"
            + " control_group boolean"));
    Dataset<Row> payments = spark.createDataFrame(List.of(
            RowFactory.create("A", Date.valueOf("2025-09-30"), new BigDecimal("1.00")),
            RowFactory.create("A", Date.valueOf("2025-10-01"), new BigDecimal("10.00")),
            RowFactory.create("A", Date.valueOf("2025-10-30"), new BigDecimal("20.00")),
            RowFactory.create("A", Date.valueOf("2025-10-31"), new BigDecimal("40.00")),
            RowFactory.create("C", Date.valueOf("2025-12-20"), new BigDecimal("5.00"))),
        StructType.fromDDL("loan_id string, payment_date date, amount decimal(18,2)"));
    Dataset<Row> expected = spark.createDataFrame(List.of(
            RowFactory.create(Date.valueOf("2025-09-30"), "A", true, 30.0),
            RowFactory.create(Date.valueOf("2025-09-30"), "B", false, 0.0)),
        StructType.fromDDL("plan_date date, loan_id string, treated boolean, outcome double not null"));
    DataFrameAssertions.assertSameRows(expected,
        Uplift.outcomes(plans, payments, LocalDate.of(2025, 12, 31), 30));
  }

  /**
   * A known effect: without a visit everyone repays 100; a visit adds 500 for borrowers whose
   * number is invalid and nothing for the others. The two models recover it exactly.
   */
  @Test
  void theTwoModelLearnerRecoversAKnownEffect(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean treated = i % 2 == 0;
      int invalid = (i / 2) % 2;
      double outcome = 100 + (treated && invalid == 1 ? 500 : 0);
      rows.add(RowFactory.create(String.format("L%03d", i), invalid, treated, outcome));
    }
    Dataset<Row> training = withAllFeatures(spark.createDataFrame(rows, StructType.fromDDL(
        "loan_id string, invalid_number_90d int, treated boolean, outcome double")));
    Uplift model = Uplift.fit(training, new Uplift.Params(3, 2, 5, 7));
    Dataset<Row> scored = model.predict(training.drop(Uplift.TREATED, Uplift.OUTCOME).filter(col("loan_id").isin("L000", "L002")));
    List<Row> result = scored.orderBy("loan_id").select("loan_id", Uplift.NO_VISIT,
        Uplift.VISIT, Uplift.UPLIFT, Uplift.SOURCE).collectAsList();
    assertEquals("[[L000,100.0,100.0,0.0,model], [L002,100.0,600.0,500.0,model]]",
        result.toString());
  }

  /** The same past plans in another order and partitioning give the same forests. */
  @Test
  void theFitDoesNotDependOnTheRowsOrderOrPartitioning(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(RowFactory.create(String.format("L%03d", i), i % 3, i % 2 == 0,
          100.0 + (i * 37) % 101));
    }
    Dataset<Row> training = withAllFeatures(spark.createDataFrame(rows, StructType.fromDDL(
        "loan_id string, invalid_number_90d int, treated boolean, outcome double")));
    Dataset<Row> reordered = training.orderBy(col("loan_id").desc()).repartition(3);
    Uplift.Params params = new Uplift.Params(5, 3, 2, 11);
    Dataset<Row> scoring = training.drop(Uplift.TREATED, Uplift.OUTCOME);
    assertEquals(predictions(Uplift.fit(training.coalesce(1), params), scoring),
        predictions(Uplift.fit(reordered, params), scoring));
  }

  private static List<Row> predictions(Uplift model, Dataset<Row> rows) {
    return model.predict(rows).orderBy("loan_id").select("loan_id", Uplift.VISIT,
        Uplift.NO_VISIT).collectAsList();
  }

  private static Dataset<Row> withAllFeatures(Dataset<Row> rows) {
    Dataset<Row> result = rows;
    for (String feature : Uplift.FEATURES) {
      if (!List.of(rows.columns()).contains(feature)) {
        result = result.withColumn(feature, lit(null).cast("double"));
      }
    }
    return result;
  }
}
