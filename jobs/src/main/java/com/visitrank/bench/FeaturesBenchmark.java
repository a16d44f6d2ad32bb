package com.visitrank.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.xxhash64;

import com.visitrank.config.BenchSettings;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.ingest.Contracts;
import com.visitrank.jobs.FeaturesJob;
import com.visitrank.jobs.GenerateJob;
import com.visitrank.jobs.IngestJob;
import com.visitrank.jobs.JobContext;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.world.MonthCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code bench features}: on one generated and ingested world, times the features job for one
 * as-of date (a cold run, then {@code bench.warm-runs} warm runs) and for 12 month ends, a floor
 * (a bare scan of the same input columns with one aggregation per table) and the same core
 * computation in DuckDB, and prints the ratios of the fastest warm runs. DuckDB's rows are
 * compared with the features job's (dpd, bucket, max DPD windows, episodes, trend) so that the
 * two engines are shown to compute the same thing.
 */
public final class FeaturesBenchmark {

  /** What the benchmark measured, as {@code name = value} lines in order. */
  public record Result(Map<String, String> figures) {

    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      figures.forEach((name, value) -> lines.add(name + " = " + value));
      return lines;
    }
  }

  /** Input columns the features job reads, per clean table (the floor reads exactly these). */
  private static final Map<String, List<String>> INPUTS = Map.of(
      RawTables.LOANS, Arrays.asList(RawTables.LOANS_SCHEMA.fieldNames()),
      RawTables.SCHEDULE, List.of("loan_id", "installment_no", "due_date", "principal_due",
          "interest_due"),
      RawTables.PAYMENTS, List.of("payment_id", "loan_id", "payment_date", "amount"),
      RawTables.CONTACTS, List.of("loan_id", "contact_time", "channel", "outcome",
          "promised_amount", "promised_date"),
      RawTables.VISITS, List.of("loan_id", "visit_time", "outcome", "ability", "willingness",
          "agreed_action"),
      RawTables.CUSTOMERS, List.of("customer_id", "region", "district", "occupation",
          "employer_type", "monthly_income", "birth_year", "customer_since"));

  private static final List<String> COMPARED = List.of("dpd", "bucket", "installments_missed",
      "max_dpd_3m", "max_dpd_6m", "max_dpd_12m", "episodes_30plus_12m", "dpd_trend_3m");

  private final JobContext context;
  private final BenchSettings bench;
  private final GenerateSettings generate;
  private final IngestSettings ingest;
  private final FeaturesSettings features;
  private final Map<String, String> figures = new LinkedHashMap<>();

  public FeaturesBenchmark(JobContext context, BenchSettings bench, GenerateSettings generate,
      IngestSettings ingest, FeaturesSettings features) {
    this.context = context;
    this.bench = bench;
    this.generate = generate;
    this.ingest = ingest;
    this.features = features;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    LocalDate asOf = MonthCalendar.end(generate.world().lastMonth());
    figures.put("features/loans", String.valueOf(generate.world().loans()));
    figures.put("features/as_of", asOf.toString());
    prepareWorld(warehouse, asOf);

    // The first Spark run of a JVM also pays for compiling its query code and warming the JIT
    // (about half of a 200,000-loan run); the floor and DuckDB, measured later, do not. The
    // ratios use the fastest of bench.warm-runs warm runs of each; the cold run is printed too.
    Supplier<FeaturesJob.Result> oneDate = () -> new FeaturesJob(context,
        new FeaturesSettings(0, features.horizons()), asOf).run();
    measure("features_1_date_cold", 1, oneDate);
    double one = measure("features_1_date", bench.warmRuns(), oneDate);
    double twelve = bench.twelveDates() ? measure("features_12_dates", 1, () -> new FeaturesJob(
        context, new FeaturesSettings(11, features.horizons()), asOf).run()) : Double.NaN;
    double floor = measure("floor", bench.warmRuns(), () -> floorScan(warehouse));
    String duckOut = warehouse.path("bench", "duckdb_core.parquet");
    int threads = Runtime.getRuntime().availableProcessors();
    double duck = measure("duckdb", bench.warmRuns(), () -> DuckDbCore.run(
        warehouse.path(Warehouse.CLEAN), asOf, duckOut, threads));
    figures.put("features/duckdb_rows", String.valueOf(context.spark().read().parquet(duckOut)
        .count()));
    figures.put("features/duckdb_mismatched_rows", String.valueOf(mismatches(warehouse, asOf,
        duckOut)));
    figures.put("features/floor", ratio(one, floor));
    figures.put("features/duckdb", ratio(one, duck));
    if (bench.twelveDates()) {
      figures.put("features/12_dates_over_1", ratio(twelve, one));
    }
    return new Result(figures);
  }

  /** A clean table's layout in words, for the console. */
  private static String describe(Warehouse.Bucketing layout) {
    return layout == null ? "plain files"
        : layout.buckets() + " buckets by " + layout.column()
            + (layout.sortedBy().isEmpty() ? "" : " sorted by " + layout.sortedBy());
  }

  /**
   * Generates and ingests the world unless an identical one is there and reuse is on; ingests
   * again a reused world whose clean tables are laid out otherwise than ingest would write them
   * now (another {@code ingest.buckets}, or written before buckets, or their order, existed).
   */
  private void prepareWorld(Warehouse warehouse, LocalDate asOf) {
    String fingerprint = "loans=" + generate.world().loans() + " seed=" + generate.world().seed()
        + " months=" + generate.world().months() + " start=" + generate.world().startDate();
    String markerPath = "bench/world.txt";
    boolean sameWorld = bench.reuse() && warehouse.exists(Warehouse.CLEAN, RawTables.LOANS)
        && fingerprint.equals(warehouse.readText(markerPath).orElse(""));
    Warehouse.Bucketing layout = sameWorld
        ? warehouse.bucketing(Warehouse.CLEAN, RawTables.SCHEDULE) : null;
    Warehouse.Bucketing wanted = IngestJob.bucketing(Contracts.SCHEDULE, ingest.buckets());
    if (sameWorld && Objects.equals(layout, wanted)) {
      context.console().printf("[%s] reusing the world in %s (%s)%n", context.job(),
          warehouse.root(), fingerprint);
      return;
    }
    if (sameWorld) {
      context.console().printf("[%s] reusing the generated world in %s (%s); ingesting it again:"
          + " its clean schedule is laid out as %s, ingest.buckets=%d wants %s%n",
          context.job(), warehouse.root(), fingerprint, describe(layout), ingest.buckets(),
          describe(wanted));
    } else {
      measure("generate", 1, () -> new GenerateJob(context, generate).run());
    }
    measure("ingest", 1, () -> new IngestJob(context, ingest, asOf).run());
    warehouse.writeText(markerPath, fingerprint);
  }

  /**
   * The floor: every input column the features job reads, one aggregation per table (grouped by
   * the key the job gathers by), nothing written.
   */
  private long floorScan(Warehouse warehouse) {
    long groups = 0;
    for (Map.Entry<String, List<String>> input : INPUTS.entrySet()) {
      String table = input.getKey();
      if (!warehouse.exists(Warehouse.CLEAN, table)) {
        continue;
      }
      String key = table.equals(RawTables.CUSTOMERS) ? "customer_id" : "loan_id";
      Column[] columns = input.getValue().stream().map(c -> col(c)).toArray(Column[]::new);
      Dataset<Row> scan = warehouse.read(Warehouse.CLEAN, table, RawTables.schemaOf(table))
          .select(columns);
      groups += scan.groupBy(key).agg(count(lit(1)).as("n"), max(xxhash64(columns)).as("h"))
          .agg(count(lit(1))).first().getLong(0);
    }
    return groups;
  }

  /** Rows where DuckDB and the features job disagree on the core columns (or only one has). */
  private long mismatches(Warehouse warehouse, LocalDate asOf, String duckOut) {
    Dataset<Row> spark = warehouse.read(Warehouse.FEATURES, FeaturesJob.TABLE,
            new org.apache.spark.sql.types.StructType())
        .filter(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(asOf))))
        .filter(col("dpd").isNotNull())
        .select(concat("loan_id", COMPARED));
    Dataset<Row> duck = context.spark().read().parquet(duckOut)
        .select(concat("loan_id", COMPARED));
    return spark.exceptAll(duck).count() + duck.exceptAll(spark).count();
  }

  private static Column[] concat(String first, List<String> rest) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(first));
    for (String name : rest) {
      columns.add(col(name).cast(name.equals("bucket") ? "string" : "long").as(name));
    }
    return columns.toArray(Column[]::new);
  }

  /**
   * Runs {@code work} {@code runs} times and returns the fastest run's seconds (noise on a shared
   * machine only ever adds time). Prints every run; the figures are the fastest run's seconds,
   * every run's seconds when there are several, and the peak resident memory over all of them.
   */
  private double measure(String phase, int runs, Supplier<?> work) {
    PeakMemory.reset();
    List<String> each = new ArrayList<>();
    double fastest = Double.POSITIVE_INFINITY;
    for (int run = 1; run <= runs; run++) {
      long start = System.nanoTime();
      work.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      fastest = Math.min(fastest, seconds);
      each.add(String.format("%.1f", seconds));
      context.console().printf("[%s] %s%s: %.1f s, peak RSS %d MB%n", context.job(), phase,
          runs > 1 ? " (run " + run + " of " + runs + ")" : "", seconds,
          PeakMemory.peakMegabytes());
    }
    figures.put("features/" + phase + "_seconds", String.format("%.1f", fastest));
    if (runs > 1) {
      figures.put("features/" + phase + "_runs_seconds", String.join(", ", each));
    }
    figures.put("features/" + phase + "_peak_rss_mb", String.valueOf(PeakMemory.peakMegabytes()));
    return fastest;
  }

  private static String ratio(double numerator, double denominator) {
    return String.format("%.2f", numerator / denominator);
  }
}
