package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, end to end on data-samples with one simulated month: every job
 * runs, the plan's visits come back as visit records, and the next month's run plans again and
 * reports.
 */
@ExtendWith(SparkSessionExtension.class)
class PipelineJobTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));

  @TempDir
  Path dir;

  @Test
  void oneSimulatedMonthClosesTheLoopFromPlanToVisitsToReport(SparkSession spark)
      throws Exception {
    Cli.Run run = Cli.run("pipeline", "--cycles", "1",
        "--set", "visitrank.warehouse=" + dir,
        "--set", "visitrank.samples=" + ROOT.resolve("data-samples"),
        "--set", "train.candidates=scorecard", "--set", "target.uplift.trees=10");
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
}
