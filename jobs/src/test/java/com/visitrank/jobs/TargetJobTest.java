package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigError;
import com.visitrank.config.ConfigLoader;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.io.InputError;
import com.visitrank.schema.TargetTables;
import com.visitrank.testing.Cli;
import com.visitrank.testing.FormulaScorer;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class TargetJobTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));

  @TempDir
  Path dir;

  private static ConfigReader reader(Path warehouse, String... sets) {
    List<String> all = new ArrayList<>(List.of("visitrank.warehouse=" + warehouse,
        "visitrank.as-of=2025-12-31"));
    all.addAll(List.of(sets));
    return new ConfigReader(ConfigLoader.load(List.of(), all, Map.of()));
  }

  static TargetJob.Result target(SparkSession spark, Path warehouse, String... sets) {
    ConfigReader reader = reader(warehouse, sets);
    Config config = reader.config();
    JobContext context = new JobContext(spark, config, CommonSettings.read(reader), "target",
        List.of("visitrank", "target"), System.out);
    return new TargetJob(context, TargetSettings.read(reader), FeaturesSettings.read(reader),
        LocalDate.of(2025, 12, 31), new FormulaScorer()).run();
  }

  /**
   * The samples' two past campaigns train the uplift model; the plan respects every team's
   * capacity and region, holds out the control share, publishes the contract without PII and
   * the restricted contacts of the visited loans only.
   */
  @Test
  void plansTheSamplesUnderCapacityWithAControlGroup(SparkSession spark) {
    assertEquals(0, Cli.run("pipeline", "--set", "visitrank.warehouse=" + dir, "--set",
        "visitrank.samples=" + ROOT.resolve("data-samples"), "--set", "pipeline.until=features")
        .code());
    TargetJob.Result result = target(spark, dir);
    assertEquals("model", result.upliftSource());
    assertTrue(result.qini().isPresent());
    assertTrue(result.eligible() > result.planned() && result.planned() > 0, result.toString());
    long selected = result.planned() + result.heldOut();
    assertTrue(Math.abs(result.heldOut() - 0.2 * selected) <= 6, result.toString());

    Dataset<Row> targets = spark.read().parquet(dir.resolve("targets/visit_targets").toString());
    List<String> expectedColumns = new ArrayList<>(TargetTables.visitTargetColumns());
    expectedColumns.remove("as_of_date");
    expectedColumns.add("as_of_date");
    assertEquals(expectedColumns, List.of(targets.columns()), "partitioned reads put the date last");
    for (String pii : TargetTables.PII_COLUMNS) {
      assertFalse(List.of(targets.columns()).contains(pii), pii);
    }
    assertEquals(selected, targets.count());
    Dataset<Row> teams = spark.read().parquet(dir.resolve("clean/teams").toString());
    Dataset<Row> visited = targets.filter(not(col("control_group")));
    assertTrue(visited.groupBy("team_id", "suggested_visit_date").count()
        .join(teams, "team_id").filter(col("count").gt(col("visits_per_day"))).isEmpty(),
        "no team exceeds its visits per day");
    assertTrue(targets.join(teams.withColumnRenamed("region", "team_region"), "team_id")
        .filter(col("team_region").notEqual(col("region"))).isEmpty(),
        "every visit by a team of the loan's region");
    assertTrue(targets.filter(col("expected_gain").leq(0).or(col("team_id").isNull())
        .or(col("suggested_visit_date").leq(java.sql.Date.valueOf("2025-12-31")))
        .or(col("time_window").lt("08:00")).or(col("time_window").substr(7, 5).gt("21:00")))
        .isEmpty(), "positive gain, team, date after the as-of date, legal hours");
    Dataset<Row> contacts =
        spark.read().parquet(dir.resolve("targets/visit_contacts").toString());
    assertEquals(result.planned(), contacts.count());
    assertTrue(contacts.join(targets.filter(col("control_group")), "loan_id").isEmpty());
    assertTrue(contacts.filter(col("phone").isNull()).isEmpty());

    TargetJob.Result forests = target(spark, dir, "target.uplift.learner=forests",
        "target.uplift.trees=10");
    assertEquals("model", forests.upliftSource());
    assertTrue(forests.qini().isPresent() && forests.planned() > 0, forests.toString());
  }

  @Test
  void anUnknownLearnerIsRejected() {
    ConfigError error = assertThrows(ConfigError.class, () -> TargetSettings.read(
        reader(dir, "target.uplift.learner=boosting")));
    assertTrue(error.getMessage().contains("target.uplift.learner")
        && error.getMessage().contains("segments, forests"), error.getMessage());
  }

  @Test
  void missingCleanTablesNameTheCommandThatMakesThem(SparkSession spark) {
    InputError error = assertThrows(InputError.class, () -> target(spark, dir));
    assertTrue(error.getMessage().contains("clean/loans")
        && error.getMessage().contains("visitrank ingest"), error.getMessage());
  }

  @Test
  void preferredHoursOutsideTheLegalOnesAreRejected() {
    ConfigError error = assertThrows(ConfigError.class, () -> TargetSettings.read(
        reader(dir, "target.hours.weekday=19:00-22:00")));
    assertTrue(error.getMessage().contains("target.hours.weekday")
        && error.getMessage().contains("inside target.hours.legal"), error.getMessage());
    assertThrows(ConfigError.class, () -> TargetSettings.read(
        reader(dir, "target.hours.legal=21:00-08:00")));
  }
}
