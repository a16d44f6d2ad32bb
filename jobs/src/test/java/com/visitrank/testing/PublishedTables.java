package com.visitrank.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Compares the published tables of two warehouses, for kill and rerun tests. */
public final class PublishedTables {

  private PublishedTables() {}

  /** The tables (directories) of an area, sorted. */
  public static List<String> tables(Path warehouse, String area) throws IOException {
    try (Stream<Path> list = Files.list(warehouse.resolve(area))) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith(".")).sorted().toList();
    }
  }

  /**
   * Whether two published tables hold the same rows (run ids aside): row count and an
   * order-free sum of row hashes, one aggregation per table.
   */
  public static boolean same(SparkSession spark, Path a, Path b) {
    return fingerprint(spark, a).equals(fingerprint(spark, b));
  }

  /** Row count and the sum of the rows' hashes (columns in name order, run ids aside). */
  public static Row fingerprint(SparkSession spark, Path table) {
    Dataset<Row> rows = spark.read().parquet(table.toString()).drop("run_id");
    Column[] columns = Stream.of(rows.columns()).sorted().map(functions::col)
        .toArray(Column[]::new);
    return rows.agg(functions.count(functions.lit(1)),
        functions.sum(functions.xxhash64(columns))).first();
  }

  /** The same tables in {@code area} of both warehouses, each with the same rows. */
  public static void assertSameTables(SparkSession spark, Path expected, Path actual,
      String area) throws IOException {
    assertEquals(tables(expected, area), tables(actual, area), area);
    for (String table : tables(expected, area)) {
      assertTrue(same(spark, expected.resolve(area).resolve(table),
          actual.resolve(area).resolve(table)), area + "/" + table);
    }
  }

  /**
   * What a run may leave behind: staged tables and models, previous versions aside, journals.
   */
  public static List<Path> leftovers(Path warehouse) throws IOException {
    try (Stream<Path> walk = Files.walk(warehouse)) {
      return walk.filter(p -> {
        String parent = p.getParent().getFileName().toString();
        String name = p.getFileName().toString();
        return parent.equals(".staging") || name.startsWith(".staging-")
            || name.startsWith(".trash-")
            || name.startsWith(".publish-");
      }).toList();
    }
  }
}
