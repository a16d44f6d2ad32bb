package com.visitrank.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code pipeline} job of the shaded jar, submitted with Spark's own {@code SparkSubmit} (as
 * {@code spark-submit} would) to a master, in its own process whose output goes to a log file.
 *
 * @param name the run's name (its warehouse folder and log file)
 * @param master where to run: {@code local[2]} or a {@code spark://} URL
 * @param warehouse the run's warehouse (fresh: the pipeline starts from the samples)
 * @param log the driver's output
 */
public record SubmittedPipeline(String name, String master, Path warehouse, Path log) {

  /**
   * How every run is submitted.
   *
   * @param cluster Spark's jars and environment
   * @param jar the shaded application jar
   * @param conf the pipeline's configuration file
   * @param driverMemory heap of the driver JVM
   * @param executorMemory memory of each executor
   */
  public record Submission(LoopbackCluster.Layout cluster, Path jar, Path conf,
      String driverMemory, String executorMemory) {

    /** Starts the pipeline on {@code master} with its warehouse under {@code root}. */
    public SubmittedPipeline.Running start(String name, String master, Path root)
        throws IOException {
      SubmittedPipeline run = new SubmittedPipeline(name, master, root.resolve(name),
          root.resolve(name + ".log"));
      List<String> command = new ArrayList<>(List.of(JavaCommand.java(),
          "-Xmx" + driverMemory));
      command.addAll(JavaCommand.sparkFlags());
      command.addAll(List.of("-cp", cluster.classPath(),
          "org.apache.spark.deploy.SparkSubmit", "--master", master,
          "--conf", "spark.ui.enabled=false",
          "--conf", "spark.ui.showConsoleProgress=false",
          "--executor-memory", executorMemory, "--total-executor-cores", "2",
          "--class", "com.visitrank.cli.Main", jar.toString(),
          "pipeline", "--conf", conf.toString(),
          "--set", "visitrank.warehouse=" + run.warehouse()));
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(run.log().toFile());
      // The rendered configuration is complete: no VISITRANK_* override may change a run.
      builder.environment().keySet().removeIf(variable -> variable.startsWith("VISITRANK_")
          && !variable.equals("VISITRANK_DEBUG"));
      builder.environment().putAll(cluster.environment());
      return new Running(run, builder.start());
    }
  }

  /**
   * A submitted run in progress.
   *
   * @param run what was submitted
   * @param process the driver's process
   */
  public record Running(SubmittedPipeline run, Process process) {

    /**
     * Waits for the driver to end and returns its exit code; past {@code timeout} it is killed
     * and the benchmark fails.
     */
    public int await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new IllegalStateException("The " + run.name() + " run took longer than "
              + timeout.toMinutes() + " min and was stopped (bench.cluster.timeout-minutes):"
              + " see " + run.log());
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the " + run.name() + " run ran", e);
      }
    }
  }

  /** The last {@code lines} lines of the driver's output, for a failure's message. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + log, e);
    }
  }
}
