package com.visitrank.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.GenerateSettings;
import com.visitrank.io.Warehouse;
import com.visitrank.jobs.GenerateJob;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.PipelineJob;
import com.visitrank.schema.RawTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code bench scale}: does the cost grow linearly with the bank? For each size it generates a
 * world (kept and reused by later runs), then runs the pipeline for the end of its history on a
 * warehouse cleared of everything but the raw tables and the truth, and records each job's
 * seconds, rows and the process's peak resident memory. Between consecutive sizes it prints each
 * job's growth in time against the growth in loans: 1.0 is linear, above it worse than linear.
 */
public final class ScaleBenchmark {

  /** The pipeline's jobs in order (what {@link PipelineJob} observes), then the whole run. */
  static final List<String> JOBS = List.of("generate", "ingest", "features", "train", "target",
      "evaluate", "pipeline");

  /**
   * Past randomised visit campaigns of every generated world, as in data-samples' scenario: the
   * pipeline's target learns from them and its evaluate reports on them.
   */
  static final int PAST_VISIT_CYCLES = 2;

  /** Areas a pipeline run writes, cleared before each timed run so that nothing is reused. */
  private static final List<String> DERIVED = List.of(Warehouse.CLEAN, Warehouse.QUARANTINE,
      Warehouse.FEATURES, Warehouse.MODELS, Warehouse.TARGETS, Warehouse.EVALUATION,
      Warehouse.REPORTS);

  /**
   * One job at one size.
   *
   * @param seconds wall-clock seconds
   * @param rows rows the job produced (ingest: rows read; train: rows fitted, calibrated and
   *     validated on; target: eligible loans; pipeline: the sum over its jobs)
   * @param peakRssMb the process's peak resident memory during the job, in MB (-1: unknown;
   *     pipeline: the largest of its jobs')
   */
  public record Measure(double seconds, long rows, long peakRssMb) {}

  /**
   * One size's measures.
   *
   * @param loans loans of the world
   * @param jobs measures by job, in the order run (generate only when it ran)
   */
  public record SizeResult(int loans, Map<String, Measure> jobs) {}

  private final JobContext context;
  private final Config config;
  private final List<Integer> sizes;
  private final long seed;
  private final int months;
  private final boolean reuse;
  private final String root;

  public ScaleBenchmark(JobContext context, Config config, List<Integer> sizes, long seed,
      int months, boolean reuse, String root) {
    this.context = context;
    this.config = config;
    this.sizes = sizes;
    this.seed = seed;
    this.months = months;
    this.reuse = reuse;
    this.root = root;
  }

  /** Runs every size and returns the {@code name = value} lines. */
  public List<String> run() {
    List<SizeResult> results = new ArrayList<>();
    for (int loans : sizes) {
      SizeResult result = runSize(loans);
      results.add(result);
      context.console().println(table(results));
    }
    List<String> lines = new ArrayList<>();
    lines.add("scale/driver_max_heap_mb = " + Runtime.getRuntime().maxMemory() / (1 << 20));
    for (SizeResult result : results) {
      result.jobs().forEach((job, m) -> {
        String prefix = "scale/" + result.loans() + "/" + job;
        lines.add(String.format(Locale.ROOT, "%s_seconds = %.1f", prefix, m.seconds()));
        lines.add(prefix + "_rows = " + m.rows());
        lines.add(prefix + "_peak_rss_mb = " + m.peakRssMb());
      });
    }
    lines.addAll(growth(results));
    return lines;
  }

  /**
   * For consecutive sizes a and b: {@code scale/<job>/growth_<a>_<b>} = time at b / time at a,
   * and {@code scale/<job>/linearity_<a>_<b>} = that growth / (b / a): 1.0 for cost in
   * proportion to the loans, below 1 where fixed costs still dominate, above 1 worse than linear.
   */
  static List<String> growth(List<SizeResult> results) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i < results.size(); i++) {
      SizeResult small = results.get(i - 1);
      SizeResult large = results.get(i);
      double sizeGrowth = (double) large.loans() / small.loans();
      String pair = small.loans() + "_" + large.loans();
      lines.add(String.format(Locale.ROOT, "scale/size_growth_%s = %.2f", pair, sizeGrowth));
      for (String job : JOBS) {
        Measure a = small.jobs().get(job);
        Measure b = large.jobs().get(job);
        if (a == null || b == null || a.seconds() <= 0) {
          continue;
        }
        double timeGrowth = b.seconds() / a.seconds();
        lines.add(String.format(Locale.ROOT, "scale/%s/growth_%s = %.2f", job, pair, timeGrowth));
        lines.add(String.format(Locale.ROOT, "scale/%s/linearity_%s = %.2f", job, pair,
            timeGrowth / sizeGrowth));
      }
    }
    return lines;
  }

  /** The measures so far as a table: a row per job, a column per size. */
  static String table(List<SizeResult> results) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-10s", "job"));
    results.forEach(r -> out.append(String.format(Locale.ROOT, " | %,28d loans", r.loans())));
    out.append('\n');
    for (String job : JOBS) {
      out.append(String.format(Locale.ROOT, "%-10s", job));
      for (SizeResult r : results) {
        Measure m = r.jobs().get(job);
        out.append(m == null ? String.format(Locale.ROOT, " | %34s", "-")
            : String.format(Locale.ROOT, " | %8.1f s %,13d rows %5d MB", m.seconds(), m.rows(),
                m.peakRssMb()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private SizeResult runSize(int loans) {
    String warehouseRoot = root + "/loans-" + loans + "-seed-" + seed + "-months-" + months;
    Config sized = config
        .withValue("visitrank.warehouse", ConfigValueFactory.fromAnyRef(warehouseRoot))
        .withValue("visitrank.as-of", ConfigValueFactory.fromAnyRef(""))
        .withValue("generate.loans", ConfigValueFactory.fromAnyRef(loans))
        .withValue("generate.seed", ConfigValueFactory.fromAnyRef(seed))
        .withValue("generate.months", ConfigValueFactory.fromAnyRef(months))
        .withValue("generate.past-visit-cycles", ConfigValueFactory.fromAnyRef(
            PAST_VISIT_CYCLES))
        .withValue("pipeline.cycles", ConfigValueFactory.fromAnyRef(0));
    ConfigReader reader = new ConfigReader(sized);
    GenerateSettings generate = GenerateSettings.read(reader);
    PipelineJob.Settings settings = PipelineJob.Settings.read(reader);
    CommonSettings common = new CommonSettings(warehouseRoot, Optional.empty(),
        Optional.empty(), settings.common().samples());
    JobContext world = new JobContext(context.spark(), sized, common, context.job(),
        List.of("visitrank", "generate", "pipeline"), context.console());
    context.console().printf(Locale.ROOT, "[%s] == %,d loans, %d months, seed %d: %s%n",
        context.job(), loans, months, seed, warehouseRoot);
    Map<String, Measure> measures = new LinkedHashMap<>();
    Recorder recorder = new Recorder(measures);
    String fingerprint = "loans=" + loans + " seed=" + seed + " months=" + months
        + " past-visit-cycles=" + PAST_VISIT_CYCLES;
    String marker = "bench/world.txt";
    Warehouse warehouse = world.warehouse();
    if (reuse && warehouse.exists(Warehouse.RAW, RawTables.LOANS)
        && fingerprint.equals(warehouse.readText(marker).orElse(""))) {
      context.console().printf("[%s] reusing the generated world (%s)%n", context.job(),
          fingerprint);
    } else {
      clear(warehouseRoot, List.of(""));
      recorder.observe("generate", () -> new GenerateJob(world, generate).run(),
          r -> r.rows().values().stream().mapToLong(Long::longValue).sum());
      warehouse.writeText(marker, fingerprint);
    }
    clear(warehouseRoot, DERIVED);
    recorder.observe("pipeline", () -> new PipelineJob(world, settings, recorder).run(),
        r -> 0L);
    Measure whole = measures.remove("pipeline");
    List<Measure> jobs = measures.entrySet().stream()
        .filter(e -> !e.getKey().equals("generate")).map(Map.Entry::getValue).toList();
    measures.put("pipeline", new Measure(whole.seconds(),
        jobs.stream().mapToLong(Measure::rows).sum(),
        jobs.stream().mapToLong(Measure::peakRssMb).max().orElse(whole.peakRssMb())));
    return new SizeResult(loans, Collections.unmodifiableMap(new LinkedHashMap<>(measures)));
  }

  /** Deletes the given areas of the warehouse ({@code ""}: all of it). */
  private void clear(String warehouseRoot, List<String> areas) {
    try {
      Path base = new Path(warehouseRoot);
      FileSystem fs = base.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
      for (String area : areas) {
        fs.delete(area.isEmpty() ? base : new Path(base, area), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + warehouseRoot + ": " + e.getMessage(), e);
    }
  }

  /** Times each job and records its rows and the process's peak resident memory. */
  private static final class Recorder implements PipelineJob.Observer {

    private final Map<String, Measure> measures;

    Recorder(Map<String, Measure> measures) {
      this.measures = measures;
    }

    @Override
    public <T> T observe(String job, Supplier<T> work, ToLongFunction<T> rows) {
      PeakMemory.reset();
      long start = System.nanoTime();
      T result = work.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      measures.put(job, new Measure(seconds, rows.applyAsLong(result),
          PeakMemory.peakMegabytes()));
      return result;
    }
  }
}
