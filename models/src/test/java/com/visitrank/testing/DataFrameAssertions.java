package com.visitrank.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * DataFrame assertions on plain Spark (no test library), so that the same tests run on Spark 3.5
 * and Spark 4 (spark-testing-base has no Spark 4 build).
 */
public final class DataFrameAssertions {

  /** Rows of each side shown when the two sides differ. */
  private static final int SHOWN = 5;

  private DataFrameAssertions() {}

  /**
   * Same schema (names, types and nullability, in order) and the same rows in any order,
   * duplicates counted. Test frames are small literal fixtures, so both sides are collected and
   * compared as multisets (Spark's {@code exceptAll} trips over some plans in 3.5).
   */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    if (!expected.schema().equals(actual.schema())) {
      throw new AssertionError("schemas differ:\nexpected " + expected.schema().treeString()
          + "\nactual   " + actual.schema().treeString());
    }
    Map<Row, Integer> counts = new HashMap<>();
    expected.collectAsList().forEach(row -> counts.merge(row, 1, Integer::sum));
    actual.collectAsList().forEach(row -> counts.merge(row, -1, Integer::sum));
    List<Row> missing = new ArrayList<>();
    List<Row> unexpected = new ArrayList<>();
    counts.forEach((row, count) -> {
      for (int i = 0; i < Math.abs(count); i++) {
        (count > 0 ? missing : unexpected).add(row);
      }
    });
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new AssertionError("rows differ (at most " + SHOWN + " of each side shown):\n"
          + "expected but missing: " + render(missing) + "\n"
          + "present but not expected: " + render(unexpected));
    }
  }

  private static String render(List<Row> rows) {
    return rows.stream().limit(SHOWN).map(Row::toString).toList().toString();
  }
}
