package com.visitrank.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class WarehouseDiffTest {

  private static final StructType SCHEMA = StructType.fromDDL("id string, n int, run_id string");

  @TempDir
  Path dir;

  private static void write(SparkSession spark, Path table, Row... rows) {
    spark.createDataFrame(List.of(rows), SCHEMA).coalesce(1).write().parquet(table.toString());
  }

  private List<WarehouseDiff.TableResult> compare(SparkSession spark) {
    return new WarehouseDiff(spark).compare(dir.resolve("a"), dir.resolve("b"));
  }

  @Test
  void runIdsAloneDoNotMakeTablesDiffer(SparkSession spark) {
    write(spark, dir.resolve("a/clean/loans"), RowFactory.create("L1", 1, "run-1"),
        RowFactory.create("L2", 2, "run-1"));
    write(spark, dir.resolve("b/clean/loans"), RowFactory.create("L2", 2, "run-2"),
        RowFactory.create("L1", 1, "run-2"));
    assertEquals(List.of(new WarehouseDiff.TableResult("clean/loans", "")), compare(spark));
  }

  @Test
  void aChangedRowAndAMissingTableAreReported(SparkSession spark) {
    write(spark, dir.resolve("a/clean/loans"), RowFactory.create("L1", 1, "r"),
        RowFactory.create("L1", 1, "r"));
    write(spark, dir.resolve("b/clean/loans"), RowFactory.create("L1", 1, "r"),
        RowFactory.create("L1", 3, "r"));
    write(spark, dir.resolve("a/targets/visit_targets"), RowFactory.create("L1", 1, "r"));
    assertEquals(List.of(
            new WarehouseDiff.TableResult("clean/loans",
                "1 rows only in the first, 1 only in the second"),
            new WarehouseDiff.TableResult("targets/visit_targets",
                "only in the first warehouse")),
        compare(spark));
  }

  @Test
  void stagingFoldersAndFoldersWithoutParquetAreNotTables(SparkSession spark) throws Exception {
    write(spark, dir.resolve("a/.staging/loans"), RowFactory.create("L1", 1, "r"));
    Path metadata = Files.createDirectories(dir.resolve("a/models/m/1/metadata"));
    Files.writeString(metadata.resolve("_SUCCESS"), "");
    Files.writeString(metadata.resolve("part-00000"), "{\"timestamp\": 1}");
    assertEquals(Map.of(), WarehouseDiff.tables(dir.resolve("a")));
  }

  @Test
  void fittedStagesAreMatchedByPositionNotByTheirRandomUid(SparkSession spark) {
    write(spark, dir.resolve("a/models/m/1/pipeline/stages/1_logreg_0a1b/data"),
        RowFactory.create("w", 1, "r"));
    write(spark, dir.resolve("b/models/m/1/pipeline/stages/1_logreg_9f8e/data"),
        RowFactory.create("w", 2, "r"));
    assertEquals(List.of(new WarehouseDiff.TableResult("models/m/1/pipeline/stages/1_<uid>/data",
        "1 rows only in the first, 1 only in the second")), compare(spark));
  }
}
