package com.visitrank.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.config.ConfigLoader;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.GenerateSettings;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import com.visitrank.world.WorldExtension;
import com.visitrank.world.WorldParameters;
import com.visitrank.world.WorldSimulator;
import com.visitrank.world.WorldTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a small generated world (520 loans, 2024, one past campaign): simulate continues
 * it from its end, 2024-12-31, under a hand-built visit-target table with the contract's columns.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulateJobTest {

  private static final LocalDate T = LocalDate.of(2024, 12, 31);
  private static final LocalDate NEXT = LocalDate.of(2025, 1, 31);
  private static final List<WorldTable> EVENTS = List.of(WorldTable.PAYMENTS,
      WorldTable.CONTACTS, WorldTable.VISITS, WorldTable.LOAN_OUTLOOK);

  @TempDir
  static Path temp;

  private Path generated;
  private SparkSession spark;

  @BeforeAll
  void generateAWorld(SparkSession spark) {
    this.spark = spark;
    generated = temp.resolve("generated");
    Cli.Run run = Cli.run("generate", "--set", "visitrank.warehouse=" + generated,
        "--set", "generate.loans=520", "--set", "generate.seed=11",
        "--set", "generate.start-date=2024-01-01", "--set", "generate.months=12",
        "--set", "generate.back-book-months=6", "--set", "generate.past-visit-cycles=1");
    assertEquals(0, run.code(), run.err());
    assertTrue(Files.exists(generated.resolve("truth/scenario.conf")));
  }

  @Test
  void aMonthWithoutVisitsIsWhatTheWorldMakesInOneMoreMonthAndChangesNothingBefore()
      throws IOException {
    Path wh = copy("no-plan");
    Cli.Run run = simulate(wh, T, "--set", "simulate.without-visits=true");
    assertEquals(0, run.code(), run.err());
    WorldSimulator oneMoreMonth = new WorldSimulator(world(wh), 1);
    Dataset<Long> blocks = spark.range(0, oneMoreMonth.blocks(), 1, 2).as(Encoders.LONG());
    for (WorldTable table : EVENTS) {
      Dataset<Row> expected = WorldExtension.after(
          com.visitrank.world.WorldGenerator.table(blocks, oneMoreMonth, table), table, T);
      assertSameRows(expected, WorldExtension.after(read(wh, table), table, T), table.name());
      assertSameRows(WorldExtension.through(read(generated, table), table, T),
          WorldExtension.through(read(wh, table), table, T), table.name() + " up to T");
    }
    assertFalse(WorldExtension.after(read(wh, WorldTable.PAYMENTS), WorldTable.PAYMENTS, T)
        .isEmpty());
    assertSameRows(com.visitrank.world.WorldGenerator.table(blocks, oneMoreMonth,
        WorldTable.LOANS), read(wh, WorldTable.LOANS), "loans");
    assertSameRows(read(generated, WorldTable.VISIT_PLANS), read(wh, WorldTable.VISIT_PLANS),
        "visit plans");
  }

  @Test
  void plannedVisitsHappenAsPlannedRerunsReplaceAndTheNextCycleContinuesTheirEffect()
      throws IOException {
    Path wh = copy("plan");
    Dataset<Row> targets = writeTargets(wh);
    Cli.Run first = simulate(wh, T);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("world extended from 2024-12-31 to 2025-01-31"), first.out());

    List<Row> visits = WorldExtension.after(read(wh, WorldTable.VISITS), WorldTable.VISITS, T)
        .collectAsList();
    List<Row> planned = targets.collectAsList();
    long visitedTargets = planned.stream().filter(r -> !r.<Boolean>getAs("control_group"))
        .count();
    assertTrue(visitedTargets >= 10 && visitedTargets < planned.size(), "a real plan");
    assertEquals(visitedTargets, visits.size(), "one visit per visited target, none for control");
    for (Row target : planned) {
      String loan = target.getAs("loan_id");
      List<Row> mine = visits.stream().filter(v -> loan.equals(v.getAs("loan_id"))).toList();
      if (target.<Boolean>getAs("control_group")) {
        assertTrue(mine.isEmpty(), "control loan " + loan + " was visited");
        continue;
      }
      assertEquals(1, mine.size(), loan);
      Row visit = mine.get(0);
      var time = visit.getTimestamp(visit.fieldIndex("visit_time")).toInstant()
          .atZone(ZoneOffset.UTC).toLocalDateTime();
      assertEquals(target.<Date>getAs("suggested_visit_date").toLocalDate(), time.toLocalDate());
      assertEquals(target.<String>getAs("team_id"), visit.getAs("team_id"));
      String window = target.getAs("time_window");
      assertFalse(time.toLocalTime().isBefore(LocalTime.parse(window.substring(0, 5))), loan);
      assertTrue(time.toLocalTime().isBefore(LocalTime.parse(window.substring(6))), loan);
    }
    Dataset<Row> plans = read(wh, WorldTable.VISIT_PLANS);
    assertSameRows(WorldExtension.visitPlanRows(targets),
        plans.filter(col("plan_date").equalTo(lit(Date.valueOf(T)))), "plan rows of T");
    for (WorldTable table : EVENTS) {
      assertSameRows(WorldExtension.through(read(generated, table), table, T),
          WorldExtension.through(read(wh, table), table, T), table.name() + " up to T");
    }
    assertEquals(0, read(wh, WorldTable.PAYMENTS).groupBy("payment_id").count()
        .filter(col("count").gt(1)).count(), "payment ids stay unique");

    Dataset<Row>[] afterFirst = snapshot(wh);
    Cli.Run again = simulate(wh, T);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("replacing the previous run"), again.out());
    Dataset<Row>[] afterRerun = snapshot(wh);
    for (int i = 0; i < afterFirst.length; i++) {
      assertSameRows(afterFirst[i], afterRerun[i], "rerun of table " + i);
    }

    Cli.Run next = simulate(wh, NEXT, "--set", "simulate.without-visits=true");
    assertEquals(0, next.code(), next.err());
    WorldParameters world = world(wh);
    WorldSimulator twoMonths = new WorldSimulator(world, 2);
    Dataset<Long> blocks = spark.range(0, twoMonths.blocks(), 1, 2).as(Encoders.LONG());
    Dataset<Row> replayed = WorldExtension.replayedPlans(read(wh, WorldTable.VISIT_PLANS), T,
        NEXT);
    Dataset<Row> withVisits = WorldExtension.after(WorldExtension.table(
        WorldExtension.plannedBlocks(blocks, replayed), twoMonths, WorldTable.PAYMENTS),
        WorldTable.PAYMENTS, NEXT);
    Dataset<Row> added = WorldExtension.after(read(wh, WorldTable.PAYMENTS),
        WorldTable.PAYMENTS, NEXT);
    assertSameRows(withVisits, added, "the second month continues the first month's visits");
    Dataset<Row> withoutVisits = WorldExtension.after(com.visitrank.world.WorldGenerator.table(
        blocks, twoMonths, WorldTable.PAYMENTS), WorldTable.PAYMENTS, NEXT);
    assertFalse(withoutVisits.exceptAll(added).isEmpty()
        && added.exceptAll(withoutVisits).isEmpty(), "visits still matter in the second month");
    Dataset<Row>[] afterNext = snapshot(wh);
    for (int i = 0; i < DATE_COLUMNS.length; i++) {
      var upToNext = to_date(col(DATE_COLUMNS[i])).leq(lit(Date.valueOf(NEXT)));
      assertSameRows(afterRerun[i].filter(upToNext), afterNext[i].filter(upToNext),
          "the second cycle keeps the first one's rows of " + SNAPSHOT[i]);
    }
    assertEquals(0, read(wh, WorldTable.PAYMENTS).groupBy("payment_id").count()
        .filter(col("count").gt(1)).count(), "payment ids stay unique");
  }

  @Test
  void aBadAsOfDateOrAMissingPlanFailsClearly() throws IOException {
    Path wh = copy("bad");
    Cli.Run notMonthEnd = simulate(wh, LocalDate.of(2024, 12, 15));
    assertEquals(2, notMonthEnd.code());
    assertTrue(notMonthEnd.err().contains("visitrank.as-of") && notMonthEnd.err()
        .contains("month end"), notMonthEnd.err());
    Cli.Run notTheEnd = simulate(wh, LocalDate.of(2024, 11, 30));
    assertEquals(2, notTheEnd.code());
    assertTrue(notTheEnd.err().contains("the data ends on 2024-12-31"), notTheEnd.err());
    Cli.Run noTargets = simulate(wh, T);
    assertEquals(3, noTargets.code());
    assertTrue(noTargets.err().contains("targets/visit_targets")
        && noTargets.err().contains("bin/visitrank target"), noTargets.err());
    Files.delete(wh.resolve("truth/scenario.conf"));
    Cli.Run noScenario = simulate(wh, T, "--set", "simulate.without-visits=true");
    assertEquals(3, noScenario.code());
    assertTrue(noScenario.err().contains("truth/scenario.conf"), noScenario.err());
    Cli.Run wrongScenario = simulate(wh, T, "--set", "simulate.without-visits=true",
        "--set", "simulate.scenario=" + scenarioFile(wh, "generate.seed = 12"));
    assertEquals(3, wrongScenario.code());
    assertTrue(wrongScenario.err().contains("differ from the world"), wrongScenario.err());
  }

  private Path scenarioFile(Path wh, String change) throws IOException {
    Path file = wh.resolve("other-scenario.conf");
    Files.writeString(file, Files.readString(generated.resolve("truth/scenario.conf")) + "\n"
        + change + "\n");
    return file;
  }

  private Cli.Run simulate(Path wh, LocalDate asOf, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("simulate", "--set",
        "visitrank.warehouse=" + wh, "--set", "visitrank.as-of=" + asOf));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private WorldParameters world(Path wh) throws IOException {
    String text = Files.readString(wh.resolve("truth/scenario.conf"));
    return GenerateSettings.read(new ConfigReader(ConfigLoader.scenario(text, "test"))).world();
  }

  /** A visit-target table at T with every column of the contract: one row per overdue loan. */
  private Dataset<Row> writeTargets(Path wh) {
    Dataset<Row> outlook = spark.read().parquet(wh.resolve("truth/loan_outlook").toString())
        .filter(col("as_of_date").equalTo(lit(Date.valueOf(T))).and(col("bucket").notEqual("M0")));
    Dataset<Row> loans = spark.read().parquet(wh.resolve("raw/loans").toString())
        .select(col("loan_id").as("l_id"), col("customer_id"), col("region").as("l_region"));
    Dataset<Row> teams = spark.read().parquet(wh.resolve("raw/teams").toString())
        .groupBy(col("region").as("t_region")).agg(min("team_id").as("team_id"));
    Dataset<Row> rows = outlook.join(loans, col("loan_id").equalTo(col("l_id")))
        .join(teams, col("l_region").equalTo(col("t_region")))
        .withColumn("rank", row_number().over(Window.orderBy("loan_id")));
    Dataset<Row> targets = rows.select(
        lit(Date.valueOf(T)).as("as_of_date"), col("rank"), col("rank").as("risk_rank"),
        col("loan_id"), col("customer_id"), col("l_region").as("region"),
        lit("somewhere").as("district"), col("team_id"), lit(40).as("dpd"), col("bucket"),
        when(col("bucket").equalTo("M1"), "short").otherwise("long").as("overdue_class"),
        lit(new java.math.BigDecimal("1000.00")).as("outstanding_principal"),
        lit(new java.math.BigDecimal("100.00")).as("overdue_amount"),
        lit(0.5).as("probability"),
        col("recovery_90d_no_visit").cast("double").as("expected_recovery_no_visit"),
        col("recovery_90d_visit").cast("double").as("expected_recovery_visit"),
        lit(100.0).as("visit_cost"),
        col("recovery_90d_visit").minus(col("recovery_90d_no_visit")).cast("double").minus(100)
            .as("expected_gain"),
        lit("prior").as("uplift_source"), array(lit("long_overdue")).as("trigger_reasons"),
        array(lit("dpd")).as("reason_codes"),
        date_add(lit(Date.valueOf(T)), col("rank").mod(5).plus(1).cast("int"))
            .as("suggested_visit_date"),
        when(col("rank").mod(2).equalTo(0), "18:00-20:30").otherwise("10:00-12:00")
            .as("time_window"),
        lit("instalment_plan").as("approach"), col("rank").mod(3).equalTo(0).as("control_group"),
        lit("test-model").as("model_version"), lit("test-run").as("run_id"));
    targets.write().partitionBy("as_of_date")
        .parquet(wh.resolve("targets/visit_targets").toString());
    return spark.read().parquet(wh.resolve("targets/visit_targets").toString());
  }

  private static final String[] SNAPSHOT = {"raw/payments", "raw/contacts", "raw/visits",
      "truth/loan_outlook", "raw/visit_plans", "raw/loans", "truth/borrowers"};

  private static final String[] DATE_COLUMNS = {"payment_date", "contact_time", "visit_time",
      "as_of_date", "plan_date"};

  /** The tables as they are now, materialised so that a later run cannot change them. */
  @SuppressWarnings("unchecked")
  private Dataset<Row>[] snapshot(Path wh) {
    Dataset<Row>[] tables = new Dataset[SNAPSHOT.length];
    for (int i = 0; i < SNAPSHOT.length; i++) {
      tables[i] = spark.read().parquet(wh.resolve(SNAPSHOT[i]).toString()).localCheckpoint();
    }
    return tables;
  }

  private Dataset<Row> read(Path wh, WorldTable table) {
    String area = table.truth() ? "truth" : "raw";
    Dataset<Row> rows = spark.read().parquet(wh.resolve(area + "/" + table.tableName())
        .toString());
    return rows.select(table.schema().fieldNames()[0], java.util.Arrays.copyOfRange(
        table.schema().fieldNames(), 1, table.schema().fieldNames().length));
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, String what) {
    Dataset<Row> a = expected.select(actual.columns()[0], java.util.Arrays.copyOfRange(
        actual.columns(), 1, actual.columns().length));
    long missing = a.exceptAll(actual).count();
    long extra = actual.exceptAll(a).count();
    assertEquals(0, missing + extra, what + ": " + missing + " expected rows missing, " + extra
        + " unexpected rows");
  }

  private Path copy(String name) throws IOException {
    Path target = temp.resolve(name);
    try (Stream<Path> files = Files.walk(generated)) {
      files.forEach(source -> {
        Path destination = target.resolve(generated.relativize(source).toString());
        try {
          if (Files.isDirectory(source)) {
            Files.createDirectories(destination);
          } else {
            Files.copy(source, destination);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return target;
  }
}
