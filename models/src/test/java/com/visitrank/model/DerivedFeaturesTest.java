package com.visitrank.model;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.DataFrameAssertions;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
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
class DerivedFeaturesTest {

  private static final StructType INPUTS = new StructType()
      .add("loan_id", DataTypes.StringType)
      .add("overdue_amount", DataTypes.createDecimalType(18, 2))
      .add("installment_amount", DataTypes.createDecimalType(18, 2))
      .add("monthly_income", DataTypes.createDecimalType(18, 2))
      .add("late_payments_12m", DataTypes.IntegerType)
      .add("payments_12m", DataTypes.IntegerType)
      .add("customer_late_payments_12m", DataTypes.IntegerType)
      .add("customer_payments_12m", DataTypes.IntegerType);

  /** Each ratio by hand; a denominator of 0 or null gives null (the missing bin), not infinity. */
  @Test
  void ratiosOfTheirTwoColumnsAndNullWithoutADenominator(SparkSession spark) {
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create("A", money("250.00"), money("100.00"), money("400.00"), 3, 12, 6, 20),
        RowFactory.create("B", money("0.00"), money("0.00"), null, 0, 0, 0, 0),
        RowFactory.create("C", null, money("50.00"), money("1000.00"), null, 4, 1, null)),
        INPUTS);

    Dataset<Row> derived = DerivedFeatures.add(rows);

    StructType shape = new StructType().add("loan_id", DataTypes.StringType)
        .add(DerivedFeatures.ARREARS_INSTALLMENTS, DataTypes.DoubleType)
        .add(DerivedFeatures.INSTALLMENT_TO_INCOME, DataTypes.DoubleType)
        .add(DerivedFeatures.LATE_PAYMENT_SHARE, DataTypes.DoubleType)
        .add(DerivedFeatures.CUSTOMER_LATE_PAYMENT_SHARE, DataTypes.DoubleType);
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create("A", 2.5, 0.25, 0.25, 0.3),
        RowFactory.create("B", null, null, null, null),
        RowFactory.create("C", null, 0.05, null, null)), shape);
    DataFrameAssertions.assertSameRows(expected, spark.createDataFrame(
        derived.select("loan_id", DerivedFeatures.NAMES.toArray(String[]::new)).collectAsList(),
        shape));
  }

  /** A derived column already there (a scored table read back) is kept, not recomputed. */
  @Test
  void aColumnAlreadyPresentIsKept(SparkSession spark) {
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create("A", money("250.00"), money("100.00"), money("400.00"), 3, 12, 6, 20)),
        INPUTS)
        .withColumn(DerivedFeatures.LATE_PAYMENT_SHARE, lit(0.9));

    Row row = DerivedFeatures.add(rows).select(DerivedFeatures.LATE_PAYMENT_SHARE).first();

    assertEquals(0.9, row.getDouble(0));
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }
}
