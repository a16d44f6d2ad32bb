package com.visitrank.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TargetTables;
import com.visitrank.testing.SparkSessionExtension;
import com.visitrank.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class WarehouseTest {

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType).add("n", DataTypes.IntegerType);

  @TempDir
  Path dir;

  private static Dataset<Row> rows(SparkSession spark, int... ns) {
    List<Row> list = new java.util.ArrayList<>();
    for (int n : ns) {
      list.add(RowFactory.create("r" + n, n));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  /**
   * 300 boosted trees: without a checkpoint directory their lineage overflows a task's stack
   * when it is deserialised (StackOverflowError at 300 trees, measured; 200 still fit).
   */
  @Test
  void checkpointsLetHundredsOfBoostedTreesFitAndAreDeletedAfterwards(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    java.util.Random random = new java.util.Random(1);
    List<Row> list = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x = random.nextDouble();
      list.add(RowFactory.create(x, random.nextDouble() < x ? 1.0 : 0.0));
    }
    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x"})
        .setOutputCol("features").transform(spark.createDataFrame(list, new StructType()
            .add("x", DataTypes.DoubleType).add("label", DataTypes.DoubleType))).cache();
    Path checkpoints = dir.resolve("models/.staging/checkpoints-run1");
    GBTClassificationModel model = warehouse.withCheckpoints("run1", () -> {
      assertTrue(spark.sparkContext().getCheckpointDir().get().contains(checkpoints.toString()));
      return new GBTClassifier().setMaxIter(300).setMaxDepth(1).setSubsamplingRate(0.8)
          .setSeed(1).fit(data);
    });
    assertEquals(300, model.getNumTrees());
    assertFalse(Files.exists(checkpoints));
    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> warehouse.withCheckpoints("run2", () -> {
          throw new IllegalStateException("fit failed");
        }));
    assertEquals("fit failed", failure.getMessage());
    assertFalse(Files.exists(dir.resolve("models/.staging/checkpoints-run2")));
  }

  @Test
  void publishReplacesTheWholeTableAndLeavesNoStagingBehind(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    assertEquals(3, warehouse.publish(rows(spark, 1, 2, 3), "raw", "t", "run1"));
    assertEquals(2, warehouse.publish(rows(spark, 4, 5), "raw", "t", "run2"));
    Dataset<Row> read = warehouse.read("raw", "t", SCHEMA);
    assertEquals(2, read.count());
    assertTrue(Files.exists(dir.resolve("raw/t/" + Warehouse.MARKER)));
    assertFalse(Files.exists(dir.resolve("raw/.staging/t-run2")));
    assertFalse(Files.exists(dir.resolve("raw/.trash-run2")));
  }

  /** The plan Spark would run for {@code query}, as text. */
  private static String plan(Dataset<Row> query) {
    return query.queryExecution().executedPlan().toString();
  }

  /**
   * A bucketed table: one file per bucket named with its bucket, the bucketing in the marker,
   * rows sorted as declared within each file, and a read that Spark knows to be bucketed and
   * sorted: a join and an aggregate by the bucket column over two such tables shuffle and sort
   * nothing, where the same query over plain tables shuffles and sorts both. The warehouse's
   * root is relative: Spark's catalog would resolve a relative location against its own
   * directory.
   */
  @Test
  void bucketedTablesJoinAndAggregateByTheirColumnWithoutAShuffle(SparkSession spark)
      throws IOException {
    // A root relative to the working directory, as conf/local.conf's "warehouse" is.
    Path root = Path.of("target", "bucketed-warehouse-" + System.nanoTime());
    try {
      bucketedTables(spark, root);
    } finally {
      TestFiles.deleteTree(root);
    }
  }

  private void bucketedTables(SparkSession spark, Path root) throws IOException {
    Warehouse warehouse = new Warehouse(spark, root.toString());
    Warehouse.Bucketing byId = new Warehouse.Bucketing("id", 4, List.of("id", "n"));
    Warehouse.Bucketing unsorted = new Warehouse.Bucketing("id", 4);
    int[] all = java.util.stream.IntStream.rangeClosed(1, 40).map(i -> 41 - i).toArray();
    int[] odd = java.util.stream.IntStream.rangeClosed(1, 40).filter(i -> i % 2 == 1).toArray();
    assertEquals(40, warehouse.stage(rows(spark, all), "clean", "a", "run1", byId));
    warehouse.commit("clean", "a", "run1");
    assertEquals(20, warehouse.stage(rows(spark, odd), "clean", "b", "run1", byId));
    warehouse.commit("clean", "b", "run1");
    assertEquals(20, warehouse.stage(rows(spark, odd), "clean", "unsorted_b", "run1", unsorted));
    warehouse.commit("clean", "unsorted_b", "run1");
    warehouse.publish(rows(spark, all), "clean", "plain_a", "run1");
    warehouse.publish(rows(spark, odd), "clean", "plain_b", "run1");

    assertEquals(byId, warehouse.bucketing("clean", "a"));
    assertEquals(unsorted, warehouse.bucketing("clean", "unsorted_b"));
    assertNull(warehouse.bucketing("clean", "plain_a"));
    List<Path> files;
    try (Stream<Path> listed = Files.list(root.resolve("clean/a"))) {
      files = listed.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
    }
    assertEquals(4, files.size());
    for (int bucket = 0; bucket < 4; bucket++) {
      assertTrue(files.get(bucket).getFileName().toString()
          .endsWith(String.format("_%05d.c000.snappy.parquet", bucket)), files.toString());
      List<String> inFile = spark.read().parquet(files.get(bucket).toString()).collectAsList()
          .stream().map(r -> r.getString(0)).toList();
      assertEquals(inFile.stream().sorted().toList(), inFile, "rows ordered by id in a bucket");
    }

    String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      Dataset<Row> bucketed = joinedSums(warehouse, "a", "b");
      Dataset<Row> halfSorted = joinedSums(warehouse, "a", "unsorted_b");
      Dataset<Row> plain = joinedSums(warehouse, "plain_a", "plain_b");
      assertFalse(plan(bucketed).contains("Exchange"), plan(bucketed));
      assertFalse(plan(bucketed).contains("Sort ["), plan(bucketed));
      assertFalse(plan(halfSorted).contains("Exchange"), plan(halfSorted));
      assertEquals(1, plan(halfSorted).split("Sort \\[id", -1).length - 1, plan(halfSorted));
      assertTrue(plan(plain).contains("Exchange hashpartitioning(id"), plan(plain));
      assertEquals(2, plan(plain).split("Sort \\[id", -1).length - 1, plan(plain));
      List<Row> expected = new java.util.ArrayList<>();
      for (int n : odd) {
        expected.add(RowFactory.create("r" + n, (long) (2 * n)));
      }
      assertEquals(expected, bucketed.orderBy("n2").collectAsList());
      assertEquals(expected, halfSorted.orderBy("n2").collectAsList());
      assertEquals(expected, plain.orderBy("n2").collectAsList());
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }

  /** Per id present in both tables: the sum of n over both. */
  private static Dataset<Row> joinedSums(Warehouse warehouse, String left, String right) {
    Dataset<Row> a = warehouse.read("clean", left, SCHEMA);
    Dataset<Row> b = warehouse.read("clean", right, SCHEMA).withColumnRenamed("n", "m");
    return a.join(b, "id").groupBy("id")
        .agg(org.apache.spark.sql.functions.sum(a.col("n").plus(b.col("m"))).as("n2"));
  }

  @Test
  void recoveryAfterCompleteRunsReportsNothing(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.publish(rows(spark, 1, 2, 3), "raw", "t", "run1");
    warehouse.publish(rows(spark, 4, 5), "clean", "t", "run1");

    assertEquals(List.of(), warehouse.recover());
    assertEquals(2, warehouse.read("clean", "t", SCHEMA).count());
  }

  private static List<Integer> ns(Dataset<Row> table) {
    return table.orderBy("n").collectAsList().stream().map(r -> r.getInt(1)).toList();
  }

  @Test
  void theMarkerListsFilesRowsRunAndSchemaFingerprint(SparkSession spark) throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.publish(rows(spark, 1, 2, 3), "raw", "t", "run1");
    JsonNode marker = new ObjectMapper().readTree(dir.resolve("raw/t/" + Warehouse.MARKER)
        .toFile());
    assertEquals("run1", marker.get("run_id").asText());
    assertEquals(3, marker.get("rows").asLong());
    assertTrue(marker.get("complete").asBoolean());
    assertEquals(Warehouse.fingerprint(SCHEMA.json()), marker.get("schema_fingerprint").asText());
    List<String> listed = new java.util.ArrayList<>();
    marker.get("files").fieldNames().forEachRemaining(listed::add);
    try (Stream<Path> files = Files.list(dir.resolve("raw/t"))) {
      assertEquals(files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".parquet")).sorted().toList(), listed);
    }
  }

  @Test
  void aTableWithAMissingOrTruncatedFileIsRefusedNamingTheFile(SparkSession spark)
      throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.publish(rows(spark, 1, 2, 3).repartition(2), "raw", "t", "run1");
    Path file;
    try (Stream<Path> files = Files.list(dir.resolve("raw/t"))) {
      file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.write(file, new byte[] {1, 2, 3});
    InputError truncated = assertThrows(InputError.class, () -> warehouse.read("raw", "t", SCHEMA));
    assertTrue(truncated.getMessage().contains(file.getFileName().toString())
        && truncated.getMessage().contains("rerun the job"), truncated.getMessage());
    Files.delete(file);
    InputError missing = assertThrows(InputError.class, () -> warehouse.read("raw", "t", SCHEMA));
    assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());
  }

  /**
   * A partition written by an earlier version lacks a column that later partitions have: the
   * columns of each partition are known without reading data, and reading the later partitions
   * alone keeps their column whatever file Parquet would take the whole table's schema from.
   */
  @Test
  void partitionsOfDifferentVersionsAreToldApartAndReadWithTheirOwnColumns(SparkSession spark)
      throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.stage(rows(spark, 1).withColumn("d", org.apache.spark.sql.functions.lit("a")),
        "features", "t", "old", "d");
    warehouse.commitPartitions("features", "t", "d", "old");
    warehouse.stage(rows(spark, 2, 3).withColumn("extra", org.apache.spark.sql.functions.col("n")
        .multiply(10)).withColumn("d", org.apache.spark.sql.functions.lit("b")),
        "features", "t", "new", "d");
    warehouse.commitPartitions("features", "t", "d", "new");

    Map<String, java.util.Set<String>> expected = new java.util.TreeMap<>(Map.of(
        "a", java.util.Set.of("d", "id", "n"), "b", java.util.Set.of("d", "id", "n", "extra")));
    assertEquals(expected, warehouse.partitionColumns("features", "t", "d"));
    Files.delete(dir.resolve("features/t/d=a/" + Warehouse.MARKER));
    assertEquals(expected, warehouse.partitionColumns("features", "t", "d"),
        "a partition without a marker: its columns come from its files");
    assertEquals(Map.of(), warehouse.partitionColumns("features", "none", "d"));

    StructType withExtra = new StructType().add("id", DataTypes.StringType)
        .add("extra", DataTypes.IntegerType);
    Dataset<Row> newer = warehouse.readPartitions("features", "t", "d", List.of("b", "c"),
        withExtra);
    assertEquals(List.of("r2:20:b", "r3:30:b"), newer.orderBy("id").collectAsList().stream()
        .map(r -> r.getAs("id") + ":" + r.getAs("extra") + ":" + r.getAs("d")).toList());
    assertEquals(0, warehouse.readPartitions("features", "t", "d", List.of("c"), SCHEMA)
        .count());
    InputError lacking = assertThrows(InputError.class, () -> warehouse.readPartitions(
        "features", "t", "d", List.of("a"), withExtra));
    assertTrue(lacking.getMessage().contains("lacks required column(s) extra")
        && lacking.getMessage().contains("[a]"), lacking.getMessage());
  }

  @Test
  void recoveryPutsBackAPartitionLeftAsideByAKilledSwapAndRemovesDeadStaging(SparkSession spark)
      throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    Dataset<Row> dated = rows(spark, 1, 2, 3).withColumn("d",
        org.apache.spark.sql.functions.expr("if(n < 3, 'a', 'b')"));
    warehouse.stage(dated, "features", "t", "run1", "d");
    warehouse.commitPartitions("features", "t", "d", "run1");
    // The state a kill between the two renames of a swap leaves: the previous partition aside
    // in the trash, nothing in its place, and the killed run's staging.
    Path aside = dir.resolve("features/t/.trash-run2");
    Files.createDirectories(aside);
    Files.move(dir.resolve("features/t/d=a"), aside.resolve("d=a"));
    Files.createDirectories(dir.resolve("features/.staging/t-run2/d=a"));
    assertEquals(List.of(3), ns(warehouse.read("features", "t", SCHEMA)));

    List<String> repairs = warehouse.recover();

    assertEquals(2, repairs.size(), repairs.toString());
    assertTrue(repairs.get(0).contains("features/t/d=a") || repairs.get(1)
        .contains("features/t/d=a"), repairs.toString());
    assertEquals(List.of(1, 2, 3), ns(warehouse.read("features", "t", SCHEMA)));
    assertFalse(Files.exists(aside));
    assertFalse(Files.exists(dir.resolve("features/.staging")));
    assertEquals(List.of(), warehouse.recover());
  }

  @Test
  void recoveryDropsTheOldVersionWhenTheNewOneIsInPlace(SparkSession spark) throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.publish(rows(spark, 4, 5), "raw", "t", "run2");
    Path aside = dir.resolve("raw/.trash-run2/t");
    Files.createDirectories(aside);
    Files.writeString(aside.resolve("old.parquet"), "old");
    warehouse.recover();
    assertFalse(Files.exists(dir.resolve("raw/.trash-run2")));
    assertEquals(List.of(4, 5), ns(warehouse.read("raw", "t", SCHEMA)));
  }

  @Test
  void restrictedTablesAreOwnerOnlyAndOthersAreNot(SparkSession spark) throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    Dataset<Row> contacts = rows(spark, 1).withColumn("as_of_date",
        org.apache.spark.sql.functions.lit("2025-12-31"));
    warehouse.publish(rows(spark, 1), Warehouse.CLEAN, RawTables.CUSTOMER_CONTACTS, "run1");
    warehouse.stage(contacts, Warehouse.TARGETS, TargetTables.VISIT_CONTACTS, "run1",
        "as_of_date");
    warehouse.commitPartitions(Warehouse.TARGETS, TargetTables.VISIT_CONTACTS, "as_of_date",
        "run1");
    warehouse.publish(rows(spark, 1), Warehouse.CLEAN, RawTables.LOANS, "run1");
    for (String table : List.of("clean/customer_contacts", "targets/visit_contacts")) {
      try (Stream<Path> paths = Files.walk(dir.resolve(table))) {
        for (Path path : paths.toList()) {
          String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
          assertEquals(expected, PosixFilePermissions.toString(
              Files.getPosixFilePermissions(path)), path.toString());
        }
      }
    }
    assertEquals("rwx------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("clean/.staging"))));
    assertTrue(Files.getPosixFilePermissions(dir.resolve("clean/loans")).contains(
        java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
  }

  @Test
  void aReportDirectoryIsReplacedAsOneUnitWithAMarker(SparkSession spark) throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.publishFiles(Warehouse.REPORTS, "2025-12-31", Map.of("a.html", "old",
        "stale.html", "old"), "run1");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("a.html", "new");
    files.put("b.html", "new too");
    warehouse.publishFiles(Warehouse.REPORTS, "2025-12-31", files, "run2");
    Path report = dir.resolve("reports/2025-12-31");
    try (Stream<Path> listed = Files.list(report)) {
      assertEquals(List.of(Warehouse.MARKER, "a.html", "b.html"),
          listed.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals("new", Files.readString(report.resolve("a.html")));
    JsonNode marker = new ObjectMapper().readTree(report.resolve(Warehouse.MARKER).toFile());
    assertEquals("run2", marker.get("run_id").asText());
    assertEquals(7, marker.get("files").get("b.html").asLong());
  }

  @Test
  void anUnwritableWarehouseIsAConfigErrorNamingTheKey(SparkSession spark) throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a directory");
    Warehouse warehouse = new Warehouse(spark, file.resolve("warehouse").toString());
    com.visitrank.config.ConfigError error = assertThrows(com.visitrank.config.ConfigError.class,
        () -> warehouse.checkWritable("run1"));
    assertTrue(error.getMessage().contains("visitrank.warehouse")
        && error.getMessage().contains(file.resolve("warehouse").toString()), error.getMessage());
    assertFalse(error.getMessage().contains("\n"));
  }

  @Test
  void aMissingTableIsAnInputErrorNamingItsPath(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    InputError error = assertThrows(InputError.class,
        () -> warehouse.read("raw", RawTables.LOANS, RawTables.LOANS_SCHEMA));
    assertTrue(error.getMessage().contains("raw/loans"), error.getMessage());
    assertTrue(error.getMessage().contains(dir.toString()), error.getMessage());
  }

  @Test
  void aMissingColumnIsNamed(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.publish(rows(spark, 1), "raw", "t", "run1");
    StructType wider = SCHEMA.add("amount", DataTypes.DoubleType);
    InputError error = assertThrows(InputError.class, () -> warehouse.read("raw", "t", wider));
    assertTrue(error.getMessage().contains("amount"), error.getMessage());
  }
}
