package com.visitrank.cli;

import com.typesafe.config.Config;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigLoader;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.SparkSettings;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.SparkSessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * What every job command shares: {@code --conf} and {@code --set}, reading and validating all
 * settings before Spark starts, the session's life, and the run manifest.
 */
abstract class JobCommand implements Callable<Integer> {

  @Option(names = "--conf", paramLabel = "FILE",
      description = "Layer a HOCON config file over the defaults (repeatable; later wins).")
  List<Path> confFiles = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set visitrank.as-of=2025-06-30 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** The job's name as typed on the command line. */
  abstract String job();

  /** Config sections recorded in the run manifest besides visitrank and spark. */
  abstract List<String> sections();

  /** Reads and validates the job's own settings; runs before Spark starts. */
  abstract void readSettings(ConfigReader reader);

  /** Runs the job and returns the summary lines to print. */
  abstract List<String> execute(JobContext context);

  /**
   * The configuration the job runs with, derived from the one the user gave (validated already);
   * by default that one unchanged.
   */
  Config adjust(Config config) {
    return config;
  }

  /** One summary line per table: name, rows and location. */
  static List<String> tableLines(Map<String, Long> rows, String warehouseRoot) {
    List<String> lines = new ArrayList<>();
    rows.forEach((table, count) -> lines.add(
        String.format("%-24s %,12d rows  %s/%s", table, count, warehouseRoot, table)));
    return lines;
  }

  @Override
  public Integer call() {
    Config config = adjust(ConfigLoader.load(confFiles, sets, System.getenv()));
    ConfigReader reader = new ConfigReader(config);
    CommonSettings common = CommonSettings.read(reader);
    SparkSettings sparkSettings = SparkSettings.read(reader);
    readSettings(reader);
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.create(sparkSettings, job());
    PrintStream console = System.out;
    List<String> sections = new ArrayList<>(List.of("visitrank", "spark"));
    sections.addAll(sections());
    JobContext context = new JobContext(spark, config, common, job(), sections, console);
    try {
      context.warehouse().checkWritable(context.runId());
      for (String repair : context.warehouse().recover()) {
        console.printf("[%s] %s%n", job(), repair);
      }
    } catch (RuntimeException e) {
      if (ownSession) {
        spark.stop();
      }
      throw e;
    }
    try {
      List<String> summary = execute(context);
      String manifest = context.writeManifest("succeeded", null);
      console.printf("[%s] done. Summary:%n", job());
      for (String line : summary) {
        console.println("  " + line);
      }
      console.println("  run manifest: " + manifest);
      return 0;
    } catch (RuntimeException e) {
      try {
        context.writeManifest("failed", Failure.of(e).message());
      } catch (RuntimeException ignored) {
        // The original failure is what the user needs to see.
      }
      throw e;
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }
}
