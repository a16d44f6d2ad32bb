package com.visitrank.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** DataFrame assertions from spark-testing-base, wired to the shared session. */
public final class DataFrameAssertions {

  private DataFrameAssertions() {}

  /** Same schema and the same rows, in any order (duplicates counted). */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    suite(expected).assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Same schema and rows in the same order, numbers equal within {@code tolerance}. */
  public static void assertApproximatelyEqual(Dataset<Row> expected, Dataset<Row> actual,
      double tolerance) {
    suite(expected).assertDataFrameApproximateEquals(expected, actual, tolerance);
  }

  private static JavaDataFrameSuiteBase suite(Dataset<Row> any) {
    SparkSessionProvider._sparkSession_$eq(any.sparkSession());
    return new JavaDataFrameSuiteBase();
  }
}
