package com.visitrank.jobs;

import static com.visitrank.testing.PublishedTables.assertSameTables;
import static com.visitrank.testing.PublishedTables.leftovers;
import static com.visitrank.testing.PublishedTables.same;
import static com.visitrank.testing.PublishedTables.tables;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.io.FaultPoint;
import com.visitrank.io.Warehouse;
import com.visitrank.testing.ChildJvm;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import com.visitrank.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, end to end on data-samples with one simulated month: every job
 * runs, the plan's visits come back as visit records, and the next month's run plans again and
 * reports; and every job of the month, killed while it publishes, is completed by its rerun.
 */
@ExtendWith(SparkSessionExtension.class)
class PipelineJobTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));

  /** Settings of the pipeline and of every job rerun below (a shorter model search). */
  private static final String[] SETTINGS = {"--set", "train.candidates=scorecard",
      "--set", "target.uplift.trees=10"};

  @TempDir
  static Path dir;

  @TempDir
  Path scratch;

  /** The pipeline's run, shared by the tests (one simulated month on data-samples). */
  private static Cli.Run run;

  /** Takes the shared session so that the in-process run uses it (and its test settings). */
  @BeforeAll
  static void runOneCycle(SparkSession spark) {
    run = Cli.run(Stream.concat(Stream.of("pipeline", "--cycles", "1",
        "--set", "visitrank.warehouse=" + dir,
        "--set", "visitrank.samples=" + ROOT.resolve("data-samples")), Stream.of(SETTINGS))
        .toArray(String[]::new));
  }

  /** A job's command line on the pipeline's warehouse, with the pipeline's settings. */
  private static String[] job(String name, String asOf) {
    return Stream.concat(Stream.of(name, "--set", "visitrank.warehouse=" + dir,
        "--set", "visitrank.samples=" + ROOT.resolve("data-samples"),
        "--set", "visitrank.as-of=" + asOf), Stream.of(SETTINGS)).toArray(String[]::new);
  }

  @Test
  void oneSimulatedMonthClosesTheLoopFromPlanToVisitsToReport(SparkSession spark)
      throws Exception {
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("no champion model yet: training"), run.out());
    assertTrue(run.out().contains("champion 20251231-1 is 1 month(s) old: no training due"),
        run.out());
    assertTrue(run.out().contains("committee report: " + dir + "/reports/2026-01-31/index.html"),
        run.out());
    for (String file : List.of("index.html", "report.en.html", "report.zh.html")) {
      assertTrue(Files.exists(dir.resolve("reports/2026-01-31/" + file)), file);
    }

    Dataset<Row> targets = spark.read().parquet(dir.resolve("targets/visit_targets").toString());
    Set<String> dates = new HashSet<>();
    for (Row row : targets.select("as_of_date").distinct().collectAsList()) {
      dates.add(row.getDate(0).toString());
    }
    assertEquals(Set.of("2025-12-31", "2026-01-31"), dates);

    Dataset<Row> december = targets.filter(col("as_of_date").equalTo(lit(
        Date.valueOf("2025-12-31"))));
    Dataset<Row> visitedPlan = december.filter(col("control_group").equalTo(false))
        .select("loan_id");
    Dataset<Row> visits = spark.read().parquet(dir.resolve("clean/visits").toString())
        .filter(col("visit_time").geq(lit(java.sql.Timestamp.valueOf("2026-01-01 00:00:00"))))
        .select("loan_id");
    assertTrue(visitedPlan.count() > 0);
    assertEquals(0, visitedPlan.exceptAll(visits).count(), "every planned visit happened");
    assertEquals(0, visits.exceptAll(visitedPlan).count(), "and no other");

    Dataset<Row> plans = spark.read().parquet(dir.resolve("clean/visit_plans").toString())
        .filter(col("plan_date").equalTo(lit(Date.valueOf("2025-12-31"))));
    assertEquals(december.count(), plans.count(), "every target row is a randomised plan");
    assertFalse(Files.exists(dir.resolve("models/delinquency/20260131-1")));
  }

  /**
   * Each job of the month, killed (as SIGKILL would) in the middle of replacing its previous
   * outputs, leaves every table readable; its rerun completes the killed publication and gives
   * the tables an uninterrupted run gave. A training run killed with its model saved but not
   * yet in place leaves the registry and the champion as they were.
   */
  @Test
  void everyJobKilledWhilePublishingIsCompletedByItsRerun(SparkSession spark) throws Exception {
    assertEquals(0, run.code(), run.err());
    Path reference = scratch.resolve("reference");
    TestFiles.copyTree(dir, reference);
    Map<String, String> areas = new LinkedHashMap<>();
    areas.put("features", Warehouse.FEATURES);
    areas.put("target", Warehouse.TARGETS);
    areas.put("evaluate", Warehouse.EVALUATION);
    for (Map.Entry<String, String> entry : areas.entrySet()) {
      String[] args = job(entry.getKey(), "2026-01-31");
      String area = entry.getValue();
      ChildJvm.Run killed = ChildJvm.run(scratch.resolve("logs"),
          FaultPoint.MOVED_ASIDE + ":1", args);
      assertEquals(FaultPoint.EXIT_CODE, killed.code(), killed.output());
      for (String table : tables(dir, area)) {
        assertTrue(spark.read().parquet(dir.resolve(area).resolve(table).toString()).count()
            > 0, area + "/" + table + " is readable after the kill");
      }

      Cli.Run rerun = Cli.run(args);

      assertEquals(0, rerun.code(), rerun.err());
      assertTrue(rerun.out().contains("completed the publication of " + area + "/"),
          rerun.out());
      assertSameTables(spark, reference, dir, area);
    }

    String[] train = job("train", "2025-12-31");
    Path models = dir.resolve("models/delinquency");
    ChildJvm.Run killed = ChildJvm.run(scratch.resolve("logs"), FaultPoint.MODEL_STAGED + ":1",
        train);
    assertEquals(FaultPoint.EXIT_CODE, killed.code(), killed.output());
    assertTrue(Files.isDirectory(models.resolve(".staging-20251231-2")));
    assertFalse(Files.exists(models.resolve("20251231-2")));
    assertEquals("20251231-1\n", Files.readString(models.resolve("champion")));

    Cli.Run retrain = Cli.run(train);

    assertEquals(0, retrain.code(), retrain.err());
    assertEquals("20251231-1\n", Files.readString(models.resolve("champion")),
        "the same model is not better by the margin");
    assertTrue(same(spark, models.resolve("20251231-1/validation"),
        models.resolve("20251231-2/validation")), "the retrained model scores as the first");
    assertEquals(List.of(), leftovers(dir));
  }
}
