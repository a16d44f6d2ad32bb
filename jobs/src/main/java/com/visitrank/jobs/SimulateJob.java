package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.visitrank.config.ConfigError;
import com.visitrank.config.ConfigLoader;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.SimulateSettings;
import com.visitrank.io.InputError;
import com.visitrank.io.Publication;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import com.visitrank.world.MonthCalendar;
import com.visitrank.world.WorldExtension;
import com.visitrank.world.WorldParameters;
import com.visitrank.world.WorldSimulator;
import com.visitrank.world.WorldTable;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code simulate} job (generated data only): continues the world that {@code generate} made
 * by one month, (T, end of the next month], under the visit plan of {@code targets/visit_targets}
 * at T. Its team visits every target outside the control group on the suggested day within the
 * time window; control targets are not visited. Every loan then lives its month under the world's
 * causal model, with the visits' effects.
 *
 * <p>The world is remade from its scenario ({@code truth/scenario.conf}) with the plans of earlier
 * simulate runs replayed (from {@code raw/visit_plans}), so every row up to T comes out as it was
 * delivered and only what happened after T is added. A rerun for the same T replaces what the
 * previous run added.
 */
public final class SimulateJob {

  /** The visit-target table and the columns of its contract that simulate reads. */
  public static final String TARGETS_TABLE = "visit_targets";

  public static final StructType TARGET_COLUMNS = new StructType()
      .add("as_of_date", DataTypes.DateType)
      .add("loan_id", DataTypes.StringType)
      .add("team_id", DataTypes.StringType)
      .add("suggested_visit_date", DataTypes.DateType)
      .add("time_window", DataTypes.StringType)
      .add("control_group", DataTypes.BooleanType);

  /** Raw tables that gain rows dated after T; the rows up to T are kept as delivered. */
  private static final List<WorldTable> EVENT_TABLES = List.of(WorldTable.PAYMENTS,
      WorldTable.CONTACTS, WorldTable.VISITS, WorldTable.LOAN_OUTLOOK);

  /** Tables rewritten whole: loans carry their new event dates, borrowers their first shock. */
  private static final List<WorldTable> WHOLE_TABLES = List.of(WorldTable.LOANS,
      WorldTable.BORROWERS);

  /**
   * What a simulate run did.
   *
   * @param asOf T, the end of the data before the run
   * @param newEnd the end of the data after it
   * @param rerun whether it replaced an earlier run for the same T
   * @param visited targets visited
   * @param heldOut control targets (not visited)
   * @param newRows rows dated after T per table (whole tables: all rows)
   * @param outcomes visit records by outcome
   */
  public record Result(LocalDate asOf, LocalDate newEnd, boolean rerun, long visited,
      long heldOut, Map<String, Long> newRows, Map<String, Long> outcomes) {}

  private final JobContext context;
  private final SimulateSettings settings;
  private final LocalDate asOf;

  public SimulateJob(JobContext context, SimulateSettings settings, LocalDate asOf) {
    this.context = context;
    this.settings = settings;
    this.asOf = asOf;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    WorldParameters world = scenario(warehouse).world();
    LocalDate scenarioEnd = MonthCalendar.end(world.lastMonth());
    LocalDate dataEnd = context.step("end of the data", () -> dataEnd(warehouse));
    boolean rerun = checkAsOf(dataEnd, scenarioEnd);
    LocalDate newEnd = YearMonth.from(asOf).plusMonths(1).atEndOfMonth();
    context.console().printf("[%s] extending the world from %s to %s%s%n", context.job(), asOf,
        newEnd, rerun ? " (again: replacing the previous run for " + asOf + ")" : "");

    Dataset<Row> targets = settings.withoutVisits() ? emptyTargets() : targets(warehouse);
    long[] counts = context.step("check the visit plan", () -> checkPlan(warehouse, targets,
        newEnd));
    Dataset<Row> history = warehouse.exists(Warehouse.RAW, RawTables.VISIT_PLANS)
        ? warehouse.read(Warehouse.RAW, RawTables.VISIT_PLANS, RawTables.VISIT_PLANS_SCHEMA)
            .select(columns(RawTables.VISIT_PLANS_SCHEMA))
        : context.spark().createDataFrame(List.of(), RawTables.VISIT_PLANS_SCHEMA);
    Dataset<Row> plans = WorldExtension.replayedPlans(history, scenarioEnd, asOf)
        .unionByName(WorldExtension.plansFromTargets(targets));

    WorldSimulator simulator = new WorldSimulator(world,
        MonthCalendar.index(newEnd) - world.lastMonth());
    Dataset<Long> blocks = context.spark()
        .range(0, simulator.blocks(), 1, settings.effectivePartitions(world.loans()))
        .as(Encoders.LONG());
    // Every table is its own pass over the blocks; the grouped plan is small, keep it.
    Dataset<Row> planned = WorldExtension.plannedBlocks(blocks, plans).cache();

    context.step("check the world against raw/loans", () -> checkWorld(warehouse, planned,
        simulator));
    Map<String, Long> newRows = new LinkedHashMap<>();
    List<String[]> staged = new ArrayList<>();
    try {
      for (WorldTable table : EVENT_TABLES) {
        String area = table.truth() ? Warehouse.TRUTH : Warehouse.RAW;
        Dataset<Row> added = WorldExtension.after(
            WorldExtension.table(planned, simulator, table), table, asOf);
        Dataset<Row> kept = warehouse.exists(area, table.tableName())
            ? WorldExtension.through(warehouse.read(area, table.tableName(), table.schema())
                .select(columns(table.schema())), table, asOf)
            : WorldExtension.through(WorldExtension.table(planned, simulator, table), table,
                asOf);
        newRows.put(area + "/" + table.tableName(), stage(area, table.tableName(),
            kept.unionByName(added), staged, table));
      }
      for (WorldTable table : WHOLE_TABLES) {
        String area = table.truth() ? Warehouse.TRUTH : Warehouse.RAW;
        newRows.put(area + "/" + table.tableName(), stage(area, table.tableName(),
            WorldExtension.table(planned, simulator, table), staged, null));
      }
      if (counts[0] + counts[1] > 0 || warehouse.exists(Warehouse.RAW, RawTables.VISIT_PLANS)) {
        Dataset<Row> planRows = history.filter(not(col("plan_date").equalTo(
                lit(Date.valueOf(asOf)))))
            .unionByName(WorldExtension.visitPlanRows(targets));
        stage(Warehouse.RAW, RawTables.VISIT_PLANS, planRows, staged, null);
        newRows.put(Warehouse.RAW + "/" + RawTables.VISIT_PLANS, counts[0] + counts[1]);
      }
    } catch (RuntimeException e) {
      for (String[] table : staged) {
        warehouse.discard(table[0], table[1], context.runId());
      }
      throw e;
    } finally {
      planned.unpersist();
    }
    context.step("publish", () -> {
      Publication publication = warehouse.publication(context.runId());
      for (String[] table : staged) {
        publication.table(table[0], table[1]);
      }
      publication.publish();
      for (String[] table : staged) {
        context.manifest().output(table[0] + "/" + table[1],
            warehouse.path(table[0], table[1]), Long.parseLong(table[2]));
      }
      return null;
    });
    Map<String, Long> outcomes = context.step("visit outcomes", () -> outcomes(warehouse));
    newRows.forEach((table, rows) -> context.manifest().metric("new_rows_" + table, rows));
    context.manifest().metric("visited", counts[0]);
    context.manifest().metric("held_out", counts[1]);
    return new Result(asOf, newEnd, rerun, counts[0], counts[1], newRows, outcomes);
  }

  /** The world's scenario: {@code simulate.scenario} or {@code truth/scenario.conf}. */
  private GenerateSettings scenario(Warehouse warehouse) {
    String origin;
    String text;
    if (settings.scenario().isPresent()) {
      origin = settings.scenario().get();
      if (!warehouse.fileExists(origin)) {
        throw new InputError("Missing scenario file " + origin + " (simulate.scenario)");
      }
      text = readFile(origin);
    } else {
      String relative = Warehouse.TRUTH + "/" + TruthTables.SCENARIO;
      origin = warehouse.root() + "/" + relative;
      text = warehouse.readText(relative, "the scenario of a generated world: run generate, or"
          + " point simulate.scenario at the scenario that made the data, e.g."
          + " data-samples/scenario.conf");
    }
    return GenerateSettings.read(new ConfigReader(ConfigLoader.scenario(text, origin)));
  }

  private String readFile(String file) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
      try (java.io.InputStream in = path.getFileSystem(
          context.spark().sparkContext().hadoopConfiguration()).open(path)) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (java.io.IOException e) {
      throw new InputError("Cannot read scenario file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The month end of the latest payment delivered. */
  private LocalDate dataEnd(Warehouse warehouse) {
    Row latest = warehouse.read(Warehouse.RAW, RawTables.PAYMENTS, RawTables.PAYMENTS_SCHEMA)
        .agg(max("payment_date")).first();
    if (latest.isNullAt(0)) {
      throw new InputError("raw/payments holds no payments: nothing to continue");
    }
    return YearMonth.from(latest.getDate(0).toLocalDate()).atEndOfMonth();
  }

  /**
   * T must be the end of the data (a new month), or the month before it when that month was added
   * by simulate (a rerun). Returns whether it is a rerun.
   */
  private boolean checkAsOf(LocalDate dataEnd, LocalDate scenarioEnd) {
    if (dataEnd.isBefore(scenarioEnd)) {
      throw new InputError("raw/payments ends in " + YearMonth.from(dataEnd) + ", before the end"
          + " of its scenario's history (" + scenarioEnd + "): the warehouse does not hold the"
          + " world its scenario describes; run generate again");
    }
    if (asOf.equals(dataEnd)) {
      return false;
    }
    LocalDate previous = YearMonth.from(dataEnd).minusMonths(1).atEndOfMonth();
    if (asOf.equals(previous) && dataEnd.isAfter(scenarioEnd)) {
      return true;
    }
    throw new ConfigError("Bad configuration: visitrank.as-of=" + asOf + " is not the end of the"
        + " data: the data ends on " + dataEnd + " (month end of the latest payment in"
        + " raw/payments). simulate continues the world from its end: set visitrank.as-of="
        + dataEnd + (dataEnd.isAfter(scenarioEnd) ? " (or " + previous + " to redo the last"
        + " simulated month)" : ""));
  }

  private Dataset<Row> targets(Warehouse warehouse) {
    if (!warehouse.exists(Warehouse.TARGETS, TARGETS_TABLE)) {
      throw new InputError("Missing input table targets/" + TARGETS_TABLE + " at "
          + warehouse.path(Warehouse.TARGETS, TARGETS_TABLE) + ": run bin/visitrank target --set"
          + " visitrank.as-of=" + asOf + " first (or set simulate.without-visits=true to continue"
          + " the world without visits)");
    }
    Dataset<Row> all = warehouse.read(Warehouse.TARGETS, TARGETS_TABLE, TARGET_COLUMNS);
    Dataset<Row> atAsOf = all.filter(col("as_of_date").equalTo(lit(Date.valueOf(asOf))))
        .select(columns(TARGET_COLUMNS));
    if (atAsOf.isEmpty()) {
      throw new InputError("targets/" + TARGETS_TABLE + " has no rows for as_of_date=" + asOf
          + ": run bin/visitrank target --set visitrank.as-of=" + asOf + " first (or set"
          + " simulate.without-visits=true to continue the world without visits)");
    }
    return atAsOf;
  }

  private Dataset<Row> emptyTargets() {
    return context.spark().createDataFrame(List.of(), TARGET_COLUMNS);
  }

  /**
   * Checks the plan against the world and returns {visited, held out}. Each target must be a
   * loan of the world active at T and appear once; a visited one needs a team of the world, a
   * visit day in (T, end of next month] and a {@code HH:mm-HH:mm} window.
   */
  private long[] checkPlan(Warehouse warehouse, Dataset<Row> targets, LocalDate newEnd) {
    Dataset<Row> loans = warehouse.read(Warehouse.RAW, RawTables.LOANS, RawTables.LOANS_SCHEMA)
        .select(col("loan_id").as("known_loan"), col("closed_date"), col("written_off_date"));
    Dataset<Row> teams = warehouse.read(Warehouse.RAW, RawTables.TEAMS, RawTables.TEAMS_SCHEMA)
        .select(col("team_id").as("known_team"));
    Date t = Date.valueOf(asOf);
    Column visited = col("control_group").equalTo(false);
    Column unknownLoan = col("known_loan").isNull();
    Column inactive = col("closed_date").leq(lit(t)).or(col("written_off_date").leq(lit(t)));
    Column badTeam = visited.and(col("known_team").isNull());
    Column badDate = visited.and(col("suggested_visit_date").isNull()
        .or(col("suggested_visit_date").leq(lit(t)))
        .or(col("suggested_visit_date").gt(lit(Date.valueOf(newEnd)))));
    Column badWindow = visited.and(not(col("time_window")
        .rlike("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$"))
        .or(col("time_window").isNull()));
    Column badControl = col("control_group").isNull();
    Dataset<Row> checked = targets
        .join(loans, col("loan_id").equalTo(col("known_loan")), "left")
        .join(teams, col("team_id").equalTo(col("known_team")), "left")
        .withColumn("problem", when(badControl, "control_group is null")
            .when(unknownLoan, "loan not in raw/loans")
            .when(inactive, "loan closed or written off by " + asOf)
            .when(badTeam, "team not in raw/teams")
            .when(badDate, "suggested_visit_date not in (" + asOf + ", " + newEnd + "]")
            .when(badWindow, "time_window not HH:mm-HH:mm"));
    Row totals = checked.agg(
        sum(when(visited, 1).otherwise(0)).cast("long"),
        sum(when(col("control_group").equalTo(true), 1).otherwise(0)).cast("long"),
        count(lit(1)), org.apache.spark.sql.functions.countDistinct(col("loan_id"))).first();
    List<Row> problems = checked.filter(col("problem").isNotNull())
        .select("loan_id", "problem").limit(3).collectAsList();
    if (!problems.isEmpty()) {
      List<String> examples = new ArrayList<>();
      for (Row row : problems) {
        examples.add(row.getString(0) + ": " + row.getString(1));
      }
      throw new InputError("targets/" + TARGETS_TABLE + " at " + asOf + " cannot be simulated: "
          + String.join("; ", examples) + " (fix the plan or rerun target)");
    }
    if (totals.getLong(2) != totals.getLong(3)) {
      throw new InputError("targets/" + TARGETS_TABLE + " at " + asOf + " lists "
          + (totals.getLong(2) - totals.getLong(3)) + " loan(s) more than once (one row per"
          + " loan expected)");
    }
    long visitedCount = totals.isNullAt(0) ? 0 : totals.getLong(0);
    long heldOut = totals.isNullAt(1) ? 0 : totals.getLong(1);
    return new long[] {visitedCount, heldOut};
  }

  /**
   * The remade world must be the delivered one: its loans as of T (event dates up to T) are
   * exactly {@code raw/loans}. A different scenario or a changed generator fails here.
   */
  private long checkWorld(Warehouse warehouse, Dataset<Row> planned, WorldSimulator simulator) {
    Dataset<Row> delivered = WorldExtension.loansAsOf(warehouse.read(Warehouse.RAW,
        RawTables.LOANS, RawTables.LOANS_SCHEMA).select(columns(RawTables.LOANS_SCHEMA)), asOf);
    Dataset<Row> remade = WorldExtension.loansAsOf(
        WorldExtension.table(planned, simulator, WorldTable.LOANS), asOf);
    long differing = remade.exceptAll(delivered).count() + delivered.exceptAll(remade).count();
    if (differing > 0) {
      throw new InputError(differing + " row(s) of raw/loans differ from the world its scenario"
          + " makes up to " + asOf + ": the scenario (truth/scenario.conf or simulate.scenario)"
          + " is not the one that generated this warehouse, or raw/loans was changed");
    }
    return delivered.count();
  }

  /** Stages a table and returns its rows dated after T (or all rows for a whole table). */
  private long stage(String area, String table, Dataset<Row> rows, List<String[]> staged,
      WorldTable events) {
    return context.step(area + "/" + table, () -> {
      long total = context.warehouse().stage(rows, area, table, context.runId());
      staged.add(new String[] {area, table, Long.toString(total)});
      if (events == null) {
        return total;
      }
      return WorldExtension.after(context.warehouse().readStaged(area, table, context.runId()),
          events, asOf).count();
    });
  }

  private Map<String, Long> outcomes(Warehouse warehouse) {
    Map<String, Long> outcomes = new TreeMap<>();
    if (!warehouse.exists(Warehouse.RAW, RawTables.VISITS)) {
      return outcomes;
    }
    Dataset<Row> visits = WorldExtension.after(warehouse.read(Warehouse.RAW, RawTables.VISITS,
        RawTables.VISITS_SCHEMA), WorldTable.VISITS, asOf);
    for (Row row : visits.groupBy("outcome").count().collectAsList()) {
      outcomes.put(row.getString(0), row.getLong(1));
    }
    return outcomes;
  }

  private static Column[] columns(StructType schema) {
    Column[] columns = new Column[schema.fields().length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = col(schema.fields()[i].name());
    }
    return columns;
  }

  /** The run's headline lines. */
  public static List<String> describe(Result result) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("world extended from %s to %s%s: %,d targets visited, %,d held out"
            + " as control", result.asOf(), result.newEnd(),
        result.rerun() ? " (replacing the previous run)" : "", result.visited(),
        result.heldOut()));
    if (!result.outcomes().isEmpty()) {
      StringBuilder outcomes = new StringBuilder("visit outcomes:");
      result.outcomes().forEach((outcome, n) -> outcomes.append(String.format(" %s %,d",
          outcome, n)));
      lines.add(outcomes.toString());
    }
    lines.add("next cycle: bin/visitrank simulate --set visitrank.as-of=" + result.newEnd()
        + " (after ingest, features and target for " + result.newEnd() + ")");
    return lines;
  }
}
