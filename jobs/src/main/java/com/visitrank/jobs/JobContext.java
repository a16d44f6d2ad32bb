package com.visitrank.jobs;

import com.typesafe.config.Config;
import com.visitrank.config.CommonSettings;
import com.visitrank.io.InputError;
import com.visitrank.io.RunManifest;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What a running job needs besides its settings: the session, the warehouse, its run id and
 * manifest, and a console that shows numbered steps with their row counts and timings.
 */
public final class JobContext {

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final String job;
  private final String runId;
  private final RunManifest manifest;
  private final PrintStream console;
  private int step;

  public JobContext(SparkSession spark, Config config, CommonSettings common, String job,
      List<String> sections, PrintStream console) {
    this.spark = spark;
    this.warehouse = new Warehouse(spark, common.warehouse());
    this.job = job;
    this.runId = common.runId().orElse(job + "-" + RUN_ID_TIME.format(Instant.now()));
    this.manifest = new RunManifest(job, runId, config, sections);
    manifest.environment(spark.sparkContext().master(), spark.version());
    this.console = console;
    spark.sparkContext().addSparkListener(new ProgressListener(console));
  }

  public SparkSession spark() {
    return spark;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public String job() {
    return job;
  }

  public String runId() {
    return runId;
  }

  public RunManifest manifest() {
    return manifest;
  }

  public PrintStream console() {
    return console;
  }

  /**
   * A clean table, recorded as an input of the run. A missing one is an input error naming
   * ingest, unless it is optional ({@code required = false}): then it reads as empty.
   */
  public Dataset<Row> clean(String table, boolean required) {
    StructType schema = RawTables.schemaOf(table);
    if (!warehouse.exists(Warehouse.CLEAN, table)) {
      if (required) {
        throw new InputError("Missing input table " + Warehouse.CLEAN + "/" + table + " at "
            + warehouse.path(Warehouse.CLEAN, table) + ": run 'visitrank ingest' (it validates"
            + " raw/" + table + " into clean/)");
      }
      return spark.createDataFrame(List.of(), schema);
    }
    manifest.input(Warehouse.CLEAN + "/" + table, warehouse.path(Warehouse.CLEAN, table));
    return warehouse.read(Warehouse.CLEAN, table, schema);
  }

  /** Runs one named step, printing its start and its duration (and rows, when it returns some). */
  public <T> T step(String name, Supplier<T> work) {
    step++;
    console.printf("[%s] %2d. %s ...%n", job, step, name);
    Instant start = Instant.now();
    T result = work.get();
    Duration took = Duration.between(start, Instant.now());
    Long rows = result instanceof Long count ? count : null;
    manifest.step(name, took, rows);
    console.printf("[%s] %2d. %s: %s%.1f s%n", job, step, name,
        rows == null ? "" : String.format("%,d rows in ", rows), took.toMillis() / 1000.0);
    return result;
  }

  /** Writes the run manifest to {@code runs/<run-id>.json} and returns its path. */
  public String writeManifest(String status, String error) {
    String relative = Warehouse.RUNS + "/" + runId + ".json";
    warehouse.writeText(relative, manifest.finish(status, error));
    return warehouse.root() + "/" + relative;
  }
}
