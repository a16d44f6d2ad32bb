package com.visitrank.jobs;

import com.visitrank.config.GenerateSettings;
import com.visitrank.io.Publication;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import com.visitrank.world.WorldGenerator;
import com.visitrank.world.WorldParameters;
import com.visitrank.world.WorldSimulator;
import com.visitrank.world.WorldTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code generate} job: simulates the synthetic bank in parallel and writes its raw tables
 * under {@code raw/} and its ground truth under {@code truth/}, then prints the world's headline
 * figures.
 */
public final class GenerateJob {

  /** What a generate run produced. */
  public record Result(Map<String, Long> rows, Headlines headlines) {}

  /**
   * The world's headline figures, pooled over all reported month ends.
   *
   * @param bucketShares share of active loans in each bucket (M0..M4+)
   * @param rollM1M2 share of M1 loans in M2 or worse a month later
   * @param rollM2M3 share of M2 loans in M3 or worse a month later
   * @param cureM1M0 share of M1 loans current a month later
   * @param callReachRate right-party contacts over call attempts
   * @param promiseKeptRate promises to pay kept in full by the promised date
   */
  public record Headlines(Map<String, Double> bucketShares, double rollM1M2, double rollM2M3,
      double cureM1M0, double callReachRate, double promiseKeptRate) {

    public double overdueShare() {
      return 1 - bucketShares.getOrDefault("M0", 0.0);
    }
  }

  private final JobContext context;
  private final GenerateSettings settings;

  public GenerateJob(JobContext context, GenerateSettings settings) {
    this.context = context;
    this.settings = settings;
  }

  public Result run() {
    WorldParameters world = settings.world();
    WorldSimulator simulator = new WorldSimulator(world);
    Warehouse warehouse = context.warehouse();
    Dataset<Long> blocks = context.spark()
        .range(0, simulator.blocks(), 1, settings.effectivePartitions())
        .as(Encoders.LONG());
    context.console().printf("[generate] %,d loans in %,d blocks on %d partitions, seed %d,"
            + " months %s to %s%n", world.loans(), simulator.blocks(),
        settings.effectivePartitions(), world.seed(), world.startDate().toString().substring(0, 7),
        world.startDate().plusMonths(world.months() - 1).toString().substring(0, 7));
    Map<String, Long> rows = new LinkedHashMap<>();
    // Every table is staged first and all are swapped in together (journaled), so a run killed
    // half way never leaves one world's loans beside another world's payments.
    Publication publication = warehouse.publication(context.runId());
    rows.put(Warehouse.RAW + "/" + RawTables.TEAMS, context.step("raw/" + RawTables.TEAMS,
        () -> stage(publication, context.spark().createDataFrame(
            WorldGenerator.teams(simulator.geography()), RawTables.TEAMS_SCHEMA),
            Warehouse.RAW, RawTables.TEAMS)));
    for (WorldTable table : WorldTable.values()) {
      String area = table.truth() ? Warehouse.TRUTH : Warehouse.RAW;
      boolean visitTable = table == WorldTable.VISITS || table == WorldTable.VISIT_PLANS;
      if (visitTable && world.pastVisitCycles() == 0) {
        publication.delete(area, table.tableName());
        continue;
      }
      String name = area + "/" + table.tableName();
      rows.put(name, context.step(name, () -> stage(publication,
          WorldGenerator.table(blocks, simulator, table), area, table.tableName())));
    }
    context.step("publish raw/ and truth/", () -> {
      publication.publish();
      return null;
    });
    warehouse.writeText(Warehouse.TRUTH + "/" + TruthTables.SCENARIO, settings.scenario());
    Headlines headlines = context.step("headline figures", () -> headlines(warehouse));
    return new Result(rows, headlines);
  }

  private long stage(Publication publication, Dataset<Row> data, String area, String table) {
    long count = context.warehouse().stage(data, area, table, context.runId());
    publication.table(area, table);
    context.manifest().output(area + "/" + table, context.warehouse().path(area, table), count);
    return count;
  }

  private Headlines headlines(Warehouse warehouse) {
    Dataset<Row> outlook = warehouse.read(Warehouse.TRUTH, TruthTables.LOAN_OUTLOOK,
        TruthTables.LOAN_OUTLOOK_SCHEMA);
    Dataset<Row> contacts = warehouse.read(Warehouse.RAW, RawTables.CONTACTS,
        RawTables.CONTACTS_SCHEMA);
    Dataset<Row> payments = warehouse.read(Warehouse.RAW, RawTables.PAYMENTS,
        RawTables.PAYMENTS_SCHEMA);
    Map<String, Double> shares = new TreeMap<>();
    List<Row> counts = WorldGenerator.bucketCounts(outlook).collectAsList();
    long total = counts.stream().mapToLong(row -> row.getLong(1)).sum();
    for (Row row : counts) {
      shares.put(row.getString(0), (double) row.getLong(1) / total);
    }
    Row rolls = WorldGenerator.rollRates(outlook).first();
    Row reach = WorldGenerator.callReachRate(contacts).first();
    Row kept = WorldGenerator.promiseKeptRate(contacts, payments).first();
    Headlines headlines = new Headlines(shares, orZero(rolls, 0), orZero(rolls, 1),
        orZero(rolls, 2), orZero(reach, 0), orZero(kept, 0));
    shares.forEach((bucket, share) -> context.manifest().metric("share_" + bucket, share));
    context.manifest().metric("overdue_share", headlines.overdueShare());
    context.manifest().metric("roll_m1_m2", headlines.rollM1M2());
    context.manifest().metric("roll_m2_m3", headlines.rollM2M3());
    context.manifest().metric("cure_m1_m0", headlines.cureM1M0());
    context.manifest().metric("call_reach_rate", headlines.callReachRate());
    context.manifest().metric("promise_kept_rate", headlines.promiseKeptRate());
    return headlines;
  }

  private static double orZero(Row row, int i) {
    return row.isNullAt(i) ? 0 : row.getDouble(i);
  }

  /** The headline figures as printed at the end of a run, with the ranges aimed for. */
  public static List<String> describe(Headlines h) {
    StringBuilder buckets = new StringBuilder();
    for (String bucket : List.of("M1", "M2", "M3", "M4+")) {
      buckets.append(String.format("  %s %.1f%%", bucket,
          100 * h.bucketShares().getOrDefault(bucket, 0.0)));
    }
    return List.of(
        String.format("active loans overdue at month ends: %.1f%% (aimed for 5-15%%);%s",
            100 * h.overdueShare(), buckets),
        String.format("roll M1->M2 %.0f%% (aimed for 20-40%%), M2->M3 %.0f%% (higher),"
            + " cure M1->M0 %.0f%% (40-60%% self-cure)", 100 * h.rollM1M2(),
            100 * h.rollM2M3(), 100 * h.cureM1M0()),
        String.format("call right-party contact %.0f%% (aimed for about 25%%), promises kept"
            + " %.0f%% (about half)", 100 * h.callReachRate(), 100 * h.promiseKeptRate()));
  }
}
