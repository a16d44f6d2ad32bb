package com.visitrank.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compares every Parquet table of two warehouses on the local file system, row for row: the
 * tables must be the same set, and each must have the same columns and the same rows in any order
 * ({@code exceptAll} both ways, duplicates counted). Columns that legitimately differ between two
 * runs (their run ids) are left out of the comparison, by name.
 *
 * <p>A table is a folder holding a publication marker ({@code _visitrank.json}, or Spark's
 * {@code _SUCCESS}) and Parquet files somewhere below it (partitions); this covers the jobs'
 * tables, the models' validation rows and the fitted MLlib stages' data. JSON files (run
 * manifests, model metadata with its training time) and reports are not tables. A fitted MLlib
 * stage's folder is named {@code <position>_<uid>} with a random uid per run, so stages are
 * matched by position ({@code stages/1_<uid>}).
 */
public final class WarehouseDiff {

  /** Columns that differ between two runs by design: the run's own identifier. */
  public static final List<String> EXCLUDED_COLUMNS = List.of("run_id");

  private static final Pattern STAGE = Pattern.compile("(^|/)stages/(\\d+)_[^/]+");

  /**
   * One table's comparison.
   *
   * @param table path of the table under the warehouse root
   * @param problem empty when identical; else what differs
   */
  public record TableResult(String table, String problem) {

    public boolean identical() {
      return problem.isEmpty();
    }
  }

  private final SparkSession spark;

  public WarehouseDiff(SparkSession spark) {
    this.spark = spark;
  }

  /** Compares every table of {@code expected} and {@code actual}, in path order. */
  public List<TableResult> compare(Path expected, Path actual) {
    Map<String, Path> left = tables(expected);
    Map<String, Path> right = tables(actual);
    Set<String> names = new TreeSet<>(left.keySet());
    names.addAll(right.keySet());
    List<TableResult> results = new ArrayList<>();
    for (String name : names) {
      results.add(new TableResult(name, compareTable(left.get(name), right.get(name))));
    }
    return results;
  }

  /**
   * Table folders under {@code root} by their name: the path relative to {@code root}, with an
   * MLlib stage's uid replaced by {@code <uid>}.
   */
  static Map<String, Path> tables(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      Map<String, Path> tables = new TreeMap<>();
      paths.filter(Files::isDirectory)
          .filter(dir -> !hidden(root.relativize(dir)))
          .filter(WarehouseDiff::isTable)
          .forEach(dir -> tables.put(STAGE.matcher(root.relativize(dir).toString())
              .replaceAll("$1stages/$2_<uid>"), dir));
      return tables;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the tables of " + root, e);
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTable(Path dir) {
    if (!Files.exists(dir.resolve("_visitrank.json")) && !Files.exists(dir.resolve("_SUCCESS"))) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(file -> file.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  private String compareTable(Path expected, Path actual) {
    if (expected == null) {
      return "only in the second warehouse";
    }
    if (actual == null) {
      return "only in the first warehouse";
    }
    Dataset<Row> left = withoutExcluded(spark.read().parquet(expected.toString()));
    Dataset<Row> right = withoutExcluded(spark.read().parquet(actual.toString()));
    if (!Arrays.equals(left.columns(), right.columns())
        || !left.schema().simpleString().equals(right.schema().simpleString())) {
      return "columns differ: " + left.schema().simpleString() + " against "
          + right.schema().simpleString();
    }
    long onlyLeft = left.exceptAll(right).count();
    long onlyRight = right.exceptAll(left).count();
    if (onlyLeft == 0 && onlyRight == 0) {
      return "";
    }
    return onlyLeft + " rows only in the first, " + onlyRight + " only in the second";
  }

  private static Dataset<Row> withoutExcluded(Dataset<Row> table) {
    return table.drop(EXCLUDED_COLUMNS.toArray(new String[0]));
  }
}
