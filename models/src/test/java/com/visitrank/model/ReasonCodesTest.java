package com.visitrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
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
class ReasonCodesTest {

  private static FeatureBins bins(String name, double[] upper, double[] woe, double missing) {
    return new FeatureBins(new ModelFeature(name, false, "int"), upper, List.of(), woe,
        missing, new long[woe.length], new long[woe.length], 0, 0);
  }

  private static final List<FeatureBins> BINS = List.of(
      bins("dpd", new double[] {30}, new double[] {-1, 1}, 0),
      bins("promises_broken_90d", new double[] {0, 2}, new double[] {-0.5, 0.5, 1.0}, 0),
      bins("days_since_last_payment", new double[] {60}, new double[] {-0.2, 0.8}, 1.5),
      bins("monthly_income", new double[0], new double[] {0.1}, 0));

  private static Dataset<Row> loans(SparkSession spark) {
    StructType schema = new StructType().add("loan_id", DataTypes.StringType)
        .add("dpd", DataTypes.IntegerType).add("promises_broken_90d", DataTypes.IntegerType)
        .add("days_since_last_payment", DataTypes.IntegerType)
        .add("monthly_income", DataTypes.IntegerType);
    return spark.createDataFrame(List.of(
        RowFactory.create("A", 62, 3, 75, 3000),
        RowFactory.create("B", 10, 0, null, 3000),
        RowFactory.create("C", 5, 0, 10, 3000)), schema);
  }

  @Test
  void theThreeFeaturesWithTheMostPointsAreNamedWithTheLoansOwnValues(SparkSession spark) {
    // Points = coefficient x WoE. A: dpd 2 x 1 = 2, broken promises 1.0, no payment 0.8,
    // income 0.1 (fourth, left out). B: no payment ever 1.5, income 0.1; the rest negative.
    List<Row> rows = loans(spark).select(ReasonCodes.column(BINS,
        new double[] {2, 1, 1, 1}).as("r")).collectAsList();
    assertEquals(List.of("62 days past due", "3 broken promises in the last 90 days",
        "no payment for 75 days"), rows.get(0).getList(0));
    assertEquals(List.of("no payment ever recorded", "Declared monthly income: 3000"),
        rows.get(1).getList(0));
    assertEquals(List.of("Declared monthly income: 3000"), rows.get(2).getList(0));
  }

  @Test
  void noPositivePointsNoReasons(SparkSession spark) {
    List<Row> rows = loans(spark).select(ReasonCodes.column(BINS,
        new double[] {0, 0, 0, 0}).as("r")).collectAsList();
    for (Row row : rows) {
      assertEquals(List.of(), row.getList(0));
    }
  }
}
