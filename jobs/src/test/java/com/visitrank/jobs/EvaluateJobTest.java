package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class EvaluateJobTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));

  @TempDir
  Path dir;

  /** Copies the samples' raw tables into the warehouse, as {@code pipeline} does. */
  private void stageSamples() throws IOException {
    Path source = ROOT.resolve("data-samples/raw");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve("raw").resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  /**
   * A stand-in for {@code target}'s list on the samples' plan dates: every planned loan ranked by
   * a hash, with a "probability" equal to the share of what was due by the plan date that was
   * still unpaid (a crude but real risk score).
   */
  private void writeTargets(SparkSession spark) {
    Dataset<Row> plans = spark.read().parquet(dir.resolve("clean/visit_plans").toString());
    Dataset<Row> schedule = spark.read().parquet(dir.resolve("clean/schedule").toString());
    Dataset<Row> payments = spark.read().parquet(dir.resolve("clean/payments").toString());
    Dataset<Row> due = plans.join(schedule, "loan_id")
        .filter("due_date <= plan_date")
        .groupBy("plan_date", "loan_id").agg(functions.expr(
            "sum(principal_due + interest_due)").as("due"));
    Dataset<Row> paid = plans.join(payments, "loan_id")
        .filter("payment_date <= plan_date")
        .groupBy("plan_date", "loan_id").agg(functions.expr("sum(amount)").as("paid"));
    plans.join(due, new String[] {"plan_date", "loan_id"}, "left")
        .join(paid, new String[] {"plan_date", "loan_id"}, "left")
        .selectExpr("plan_date AS as_of_date", "loan_id",
            "cast(row_number() OVER (PARTITION BY plan_date ORDER BY xxhash64(loan_id)) AS INT)"
                + " AS rank",
            "least(0.99, greatest(0.01, (coalesce(due, 0) - coalesce(paid, 0))"
                + " / greatest(coalesce(due, 0), 1)))"
                + " AS probability",
            "cast(100.0 AS DOUBLE) AS expected_gain", "'v-test' AS model_version",
            "'visit' AS approach")
        .write().parquet(dir.resolve("targets/visit_targets").toString());
  }

  /**
   * data-samples holds two randomised campaigns (2025-08-31 and 2025-09-30): after ingest,
   * evaluate as of 2025-12-31 compares both with their control groups at 30, 60 and 90 days
   * and writes the tables and both reports. (Pending windows are covered by OutcomesTest.)
   */
  @Test
  void evaluatesTheSampleCampaignsAndWritesBothReports(SparkSession spark) throws IOException {
    String wh = "visitrank.warehouse=" + dir;
    stageSamples();
    Cli.Run ingest = Cli.run("ingest", "--set", wh, "--set", "visitrank.as-of=2025-12-31");
    assertEquals(0, ingest.code(), ingest.err());
    writeTargets(spark);
    Cli.Run run = Cli.run("evaluate", "--set", wh, "--set", "visitrank.as-of=2025-12-31");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("report: " + dir + "/reports/2025-12-31/index.html"),
        run.out());
    assertTrue(run.out().contains("recovered in 90 days per planned loan"), run.out());

    Dataset<Row> plans = spark.read().parquet(dir.resolve("clean/visit_plans").toString());
    long planRows = plans.select("plan_date", "loan_id").distinct().count();
    Dataset<Row> outcomes = spark.read().parquet(dir.resolve("evaluation/plan_outcomes")
        .toString());
    assertEquals(3 * planRows, outcomes.count(), "one row per plan row and horizon");
    assertTrue(outcomes.filter(col("matured").equalTo(false)).isEmpty(),
        "2025-09-30 + 90 days is before 2025-12-31");

    Dataset<Row> effects = spark.read().parquet(dir.resolve("evaluation/effects").toString());
    List<Row> headline = effects.filter("metric = 'recovered' AND dimension = 'all' AND"
        + " horizon_days = 90").collectAsList();
    assertEquals(1, headline.size());
    Row h = headline.get(0);
    assertEquals(planRows, h.getLong(h.fieldIndex("n_treated"))
        + h.getLong(h.fieldIndex("n_control")));
    double itt = h.getDouble(h.fieldIndex("itt"));
    assertTrue(h.getDouble(h.fieldIndex("itt_low")) < itt
        && itt < h.getDouble(h.fieldIndex("itt_high")));
    assertEquals(h.getDouble(h.fieldIndex("mean_treated")) - h.getDouble(
        h.fieldIndex("mean_control")), itt, 1e-6);

    for (String table : List.of("outcomes", "cost_effectiveness", "findings", "traits")) {
      assertFalse(spark.read().parquet(dir.resolve("evaluation/" + table).toString())
          .isEmpty(), table);
    }
    Path reports = dir.resolve("reports/2025-12-31");
    String en = Files.readString(reports.resolve("report.en.html"));
    String zh = Files.readString(reports.resolve("report.zh.html"));
    assertTrue(en.contains("What was spent") && zh.contains("投入"));
    assertTrue(en.contains("Qini curve of the target list"), "the ranked plans have a Qini curve");
    assertTrue(en.contains("Model v-test on "), "scored plans are monitored");
    assertTrue(en.contains("No PSI: no validation rows"), "there is no model registry");
    Dataset<Row> qini = spark.read().parquet(dir.resolve("evaluation/qini").toString());
    assertEquals(11, qini.count(), "10 bins and the origin");
    Row point = qini.filter("bin = 10").first();
    assertTrue(point.getDouble(point.fieldIndex("area_low"))
        <= point.getDouble(point.fieldIndex("area_high")));
    Dataset<Row> monitoring = spark.read().parquet(dir.resolve("evaluation/monitoring")
        .toString());
    assertEquals(1, monitoring.filter("metric = 'auc' AND value > 0.5").count(),
        "a score built from DPD at the plan date ranks the later long-overdue loans");
    assertTrue(Files.readString(reports.resolve("index.html")).contains("report.zh.html"));
  }

  @Test
  void withoutPlansItNamesTheTableAndTheCommand() {
    Cli.Run run = Cli.run("evaluate", "--set", "visitrank.warehouse=" + dir, "--set",
        "visitrank.as-of=2025-12-31");
    assertEquals(3, run.code());
    assertTrue(run.err().contains("clean/visit_plans") && run.err().contains("ingest"),
        run.err());
  }

  @Test
  void aQiniWindowThatIsNotEvaluatedIsAConfigError() {
    Cli.Run run = Cli.run("evaluate", "--set", "visitrank.warehouse=" + dir, "--set",
        "visitrank.as-of=2025-12-31", "--set", "evaluate.qini.horizon-days=45");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("evaluate.qini.horizon-days"), run.err());
  }
}
