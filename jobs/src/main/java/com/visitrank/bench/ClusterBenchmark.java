package com.visitrank.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.config.ClusterBenchSettings;
import com.visitrank.io.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench cluster}: the shaded jar on a real Spark standalone cluster. It runs the pipeline
 * with spark-submit on {@code local[2]}, then on a loopback cluster of a master and two one-core
 * workers, and compares every output table of the two warehouses ({@link WarehouseDiff}); then it
 * runs once more on the cluster and kills one worker with its executor ({@code kill -9}) while a
 * job is in progress, and compares again. Every process it starts is stopped by PID, also on
 * failure ({@link LoopbackCluster}).
 */
public final class ClusterBenchmark {

  /** Config sections the submitted pipeline runs with. */
  private static final List<String> SECTIONS = List.of("visitrank", "spark", "pipeline",
      "ingest", "features", "train", "target", "simulate", "evaluate");
  private static final Duration POLL = Duration.ofMillis(250);
  private static final int TAIL = 15;

  /**
   * The benchmark's outcome.
   *
   * @param identical the cluster run's tables equal the local run's
   * @param survived the run with a killed worker finished with the local run's tables (true when
   *     not attempted)
   * @param figures the {@code name = value} lines, as printed
   */
  public record Result(boolean identical, boolean survived, List<String> figures) {}

  private final SparkSession spark;
  private final Config config;
  private final ClusterBenchSettings settings;
  private final Path dir;
  private final PrintStream console;
  private final List<String> figures = new ArrayList<>();

  /**
   * @param spark the session that compares the warehouses (local)
   * @param config the effective configuration, passed on to the submitted pipeline
   * @param settings {@code bench.cluster.*}
   * @param dir the benchmark's folder (warehouses, logs, SPARK_HOME); replaced on every run
   * @param console where progress and figures go
   */
  public ClusterBenchmark(SparkSession spark, Config config, ClusterBenchSettings settings,
      Path dir, PrintStream console) {
    this.spark = spark;
    this.config = config;
    this.settings = settings;
    this.dir = dir;
    this.console = console;
  }

  public Result run() throws IOException {
    Path jar = jar();
    for (String old : List.of("local", "cluster", "worker-kill", "logs")) {
      deleteTree(dir.resolve(old));
    }
    LoopbackCluster.Layout layout = new LoopbackCluster.Layout(sparkHome(jar),
        scala.util.Properties$.MODULE$.versionNumberString().replaceAll("^(\\d+\\.\\d+).*", "$1"),
        dir.resolve("logs"), settings.masterPort(), settings.uiPort(), settings.workerMemory());
    SubmittedPipeline.Submission submission = new SubmittedPipeline.Submission(layout, jar,
        pipelineConf(), settings.driverMemory(), settings.executorMemory());

    SubmittedPipeline local = timed("local_seconds",
        () -> finish(submission.start("local", "local[2]", dir)));
    boolean identical;
    boolean survived = true;
    long started = System.nanoTime();
    try (LoopbackCluster cluster = LoopbackCluster.start(layout)) {
      progress("cluster up: " + cluster.masterUrl() + ", 2 workers, in "
          + seconds(started) + " s");
      SubmittedPipeline onCluster = timed("cluster_seconds",
          () -> finish(track(cluster, submission.start("cluster", cluster.masterUrl(), dir))));
      identical = compare("cluster", local, onCluster);
      if (identical) {
        figure("cluster", "identical");
      }
      if (settings.killWorker()) {
        survived = killOneWorker(cluster, submission, local);
      }
    }
    return new Result(identical, survived, List.copyOf(figures));
  }

  private boolean killOneWorker(LoopbackCluster cluster, SubmittedPipeline.Submission submission,
      SubmittedPipeline local) throws IOException {
    long started = System.nanoTime();
    SubmittedPipeline.Running running = track(cluster,
        submission.start("worker-kill", cluster.masterUrl(), dir));
    Path published = running.run().warehouse().resolve(Warehouse.CLEAN).resolve("loans")
        .resolve(Warehouse.MARKER);
    // Ingest has published and worker 1 runs an executor: the next jobs (features) are running.
    while (running.process().isAlive()
        && !(Files.exists(published) && !cluster.executorPids(1).isEmpty())) {
      Pause.of(POLL);
    }
    if (!running.process().isAlive()) {
      figure("worker-kill", "not tested (the run ended, exit " + running.process().exitValue()
          + ", before worker 1 ran an executor after ingest: see " + running.run().log() + ")");
      return false;
    }
    List<Long> killed = cluster.killWorker(1);
    progress("killed worker 1 and its executor (kill -9, pids " + killed + ") "
        + seconds(started) + " s into the run, after ingest");
    int exit = running.await(settings.timeout());
    figure("worker_kill_seconds", String.valueOf(seconds(started)));
    if (exit != 0) {
      figure("worker-kill", "failed (exit " + exit + "): see " + running.run().log());
      console.println(running.run().tail(TAIL));
      return false;
    }
    if (!compare("worker-kill", local, running.run())) {
      return false;
    }
    figure("worker-kill", "survived");
    return true;
  }

  /** Compares a run's tables with the local run's; prints what differs, if anything. */
  private boolean compare(String name, SubmittedPipeline expected, SubmittedPipeline actual) {
    List<WarehouseDiff.TableResult> tables = new WarehouseDiff(spark)
        .compare(expected.warehouse(), actual.warehouse());
    List<String> problems = tables.stream().filter(t -> !t.identical())
        .map(t -> t.table() + ": " + t.problem()).toList();
    progress(name + ": " + tables.size() + " tables compared with the local run (columns "
        + WarehouseDiff.EXCLUDED_COLUMNS + " left out)");
    if (!problems.isEmpty()) {
      figure(name, "differs: " + String.join("; ", problems));
    }
    return problems.isEmpty();
  }

  private SubmittedPipeline finish(SubmittedPipeline.Running running) {
    int exit = running.await(settings.timeout());
    if (exit != 0) {
      console.println(running.run().tail(TAIL));
      throw new IllegalStateException("The " + running.run().name() + " run failed (exit "
          + exit + "): see " + running.run().log());
    }
    return running.run();
  }

  private static SubmittedPipeline.Running track(LoopbackCluster cluster,
      SubmittedPipeline.Running running) {
    cluster.track(running.process());
    return running;
  }

  /** A step whose result is timed and whose seconds become a figure. */
  private interface Step {
    SubmittedPipeline run() throws IOException;
  }

  private SubmittedPipeline timed(String figure, Step step) throws IOException {
    long started = System.nanoTime();
    SubmittedPipeline run = step.run();
    figure(figure, String.valueOf(seconds(started)));
    return run;
  }

  private void figure(String name, String value) {
    String line = name + " = " + value;
    figures.add(line);
    console.println(line);
  }

  private void progress(String line) {
    console.println("[bench cluster] " + line);
  }

  private static long seconds(long startedNanos) {
    return Math.round((System.nanoTime() - startedNanos) / 1e9);
  }

  /** The shaded jar: bench.cluster.jar, else the jar this class was loaded from. */
  private Path jar() {
    Path jar;
    if (!settings.jar().isBlank()) {
      jar = Path.of(settings.jar()).toAbsolutePath();
    } else {
      try {
        jar = Path.of(ClusterBenchmark.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException("Cannot locate the application jar", e);
      }
    }
    if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
      throw new com.visitrank.io.InputError("No shaded jar at " + jar + ": build it with"
          + " 'mvn -DskipTests package' (jobs/target/visitrank.jar) or set bench.cluster.jar");
    }
    return jar;
  }

  /**
   * A SPARK_HOME whose {@code jars/} links to Spark's jars (the build's provided scope, listed
   * in {@code spark-classpath.txt} next to the jar): what a cluster provides, without visitrank.
   */
  private Path sparkHome(Path jar) throws IOException {
    Path list = jar.resolveSibling("spark-classpath.txt");
    if (!Files.isRegularFile(list)) {
      throw new com.visitrank.io.InputError("No " + list + " (Spark's jars for the cluster):"
          + " build with 'mvn -DskipTests package'");
    }
    Path home = dir.resolve("spark-home");
    deleteTree(home);
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : Files.readString(list).trim().split(java.io.File.pathSeparator)) {
      Path source = Path.of(entry);
      Files.createSymbolicLink(jars.resolve(source.getFileName()), source);
    }
    return home;
  }

  /** The pipeline's configuration: this run's, with the benchmark's until and candidates. */
  private Path pipelineConf() throws IOException {
    Config pipeline = ConfigFactory.empty();
    for (String section : SECTIONS) {
      if (config.hasPath(section)) {
        pipeline = pipeline.withValue(section, config.getValue(section));
      }
    }
    pipeline = pipeline
        .withValue("pipeline.until", ConfigValueFactory.fromAnyRef(settings.until()))
        .withValue("train.candidates", ConfigValueFactory.fromAnyRef(settings.trainCandidates()));
    Path file = dir.resolve("pipeline.conf");
    Files.createDirectories(dir);
    Files.writeString(file, "# Written by bench cluster: the configuration of its three runs.\n"
        + pipeline.root().render(ConfigRenderOptions.concise().setFormatted(true)));
    return file;
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }
}
