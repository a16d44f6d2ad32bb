package com.visitrank.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class DataFrameAssertionsTest {

  private static Dataset<Row> frame(SparkSession spark, String ddl, Row... rows) {
    return spark.createDataFrame(List.of(rows), StructType.fromDDL(ddl));
  }

  @Test
  void theSameRowsInAnotherOrderAreEqual(SparkSession spark) {
    assertDoesNotThrow(() -> DataFrameAssertions.assertSameRows(
        frame(spark, "id string, n int", RowFactory.create("a", 1), RowFactory.create("b", 2)),
        frame(spark, "id string, n int", RowFactory.create("b", 2), RowFactory.create("a", 1))));
  }

  @Test
  void aDifferentValueIsReportedOnBothSides(SparkSession spark) {
    AssertionError error = assertThrows(AssertionError.class,
        () -> DataFrameAssertions.assertSameRows(
            frame(spark, "id string, n int", RowFactory.create("a", 1)),
            frame(spark, "id string, n int", RowFactory.create("a", 2))));
    assertTrue(error.getMessage().contains("missing: [[a,1]]"), error.getMessage());
    assertTrue(error.getMessage().contains("not expected: [[a,2]]"), error.getMessage());
  }

  @Test
  void duplicatesAreCounted(SparkSession spark) {
    assertThrows(AssertionError.class, () -> DataFrameAssertions.assertSameRows(
        frame(spark, "id string", RowFactory.create("a"), RowFactory.create("a")),
        frame(spark, "id string", RowFactory.create("a"))));
  }

  @Test
  void anotherSchemaIsNotEqual(SparkSession spark) {
    AssertionError error = assertThrows(AssertionError.class,
        () -> DataFrameAssertions.assertSameRows(
            frame(spark, "id string, n int", RowFactory.create("a", 1)),
            frame(spark, "id string, n long", RowFactory.create("a", 1L))));
    assertTrue(error.getMessage().startsWith("schemas differ"), error.getMessage());
  }

  @Test
  void numbersWithinTheToleranceAreApproximatelyEqualInOrder(SparkSession spark) {
    assertDoesNotThrow(() -> DataFrameAssertions.assertApproximatelyEqual(
        frame(spark, "id string, x double", RowFactory.create("a", 0.5),
            RowFactory.create("b", 1.0)),
        frame(spark, "id string, x double", RowFactory.create("a", 0.5 + 1e-9),
            RowFactory.create("b", 1.0)), 1e-6));
    AssertionError far = assertThrows(AssertionError.class,
        () -> DataFrameAssertions.assertApproximatelyEqual(
            frame(spark, "id string, x double", RowFactory.create("a", 0.5)),
            frame(spark, "id string, x double", RowFactory.create("a", 0.51)), 1e-6));
    assertTrue(far.getMessage().startsWith("row 0, column x"), far.getMessage());
    assertThrows(AssertionError.class, () -> DataFrameAssertions.assertApproximatelyEqual(
        frame(spark, "id string, x double", RowFactory.create("a", 0.5),
            RowFactory.create("b", 1.0)),
        frame(spark, "id string, x double", RowFactory.create("b", 1.0),
            RowFactory.create("a", 0.5)), 1e-6));
  }
}
