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

  /**
   * Same schema and the same rows in the same order, numbers equal within {@code tolerance}
   * (other values exactly equal).
   */
  public static void assertApproximatelyEqual(Dataset<Row> expected, Dataset<Row> actual,
      double tolerance) {
    if (!expected.schema().equals(actual.schema())) {
      throw new AssertionError("schemas differ:\nexpected " + expected.schema().treeString()
          + "\nactual   " + actual.schema().treeString());
    }
    List<Row> want = expected.collectAsList();
    List<Row> got = actual.collectAsList();
    if (want.size() != got.size()) {
      throw new AssertionError("expected " + want.size() + " rows, got " + got.size() + ": "
          + render(got));
    }
    for (int i = 0; i < want.size(); i++) {
      for (int field = 0; field < want.get(i).size(); field++) {
        Object a = want.get(i).get(field);
        Object b = got.get(i).get(field);
        boolean same = a instanceof Number x && b instanceof Number y
            ? Math.abs(x.doubleValue() - y.doubleValue()) <= tolerance
            : java.util.Objects.equals(a, b);
        if (!same) {
          throw new AssertionError("row " + i + ", column "
              + expected.schema().fields()[field].name() + ": expected " + a + ", got " + b
              + " (tolerance " + tolerance + ")\nexpected row " + want.get(i) + "\nactual row   "
              + got.get(i));
        }
      }
    }
  }

  private static String render(List<Row> rows) {
    return rows.stream().limit(SHOWN).map(Row::toString).toList().toString();
  }
}
