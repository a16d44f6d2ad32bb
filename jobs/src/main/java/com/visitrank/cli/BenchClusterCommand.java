package com.visitrank.cli;

import com.typesafe.config.Config;
import com.visitrank.bench.ClusterBenchmark;
import com.visitrank.config.BenchSettings;
import com.visitrank.config.ClusterBenchSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.EvaluateSettings;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.PipelineSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.jobs.JobContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank bench cluster}. */
@Command(name = "cluster",
    description = "The shaded jar on a Spark standalone cluster on loopback (a master, two"
        + " workers): the pipeline under spark-submit, its tables compared with a local[2] run"
        + " (cluster = identical), then again with a worker killed mid-job (worker-kill ="
        + " survived).",
    footer = {"", "Keys: bench.cluster.* (ports, memory, until, train-candidates, kill-worker,"
        + " timeout-minutes, jar), bench.dir, and the pipeline's own. Example:",
        "  bin/visitrank bench cluster --set bench.cluster.until=evaluate"})
final class BenchClusterCommand extends JobCommand {

  private Config config;
  private ClusterBenchSettings cluster;
  private Path dir;

  @Override
  String job() {
    return "bench-cluster";
  }

  @Override
  List<String> sections() {
    return List.of("bench", "pipeline");
  }

  /** Reads every setting the submitted pipeline will read, so a bad key fails here first. */
  @Override
  void readSettings(ConfigReader reader) {
    config = reader.config();
    cluster = ClusterBenchSettings.read(reader);
    dir = Path.of(BenchSettings.read(reader).dir(), "cluster").toAbsolutePath();
    PipelineSettings.read(reader);
    IngestSettings.read(reader);
    FeaturesSettings.read(reader);
    TrainSettings.read(reader);
    TargetSettings.read(reader);
    EvaluateSettings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    ClusterBenchmark.Result result;
    try {
      result = new ClusterBenchmark(context.spark(), config, cluster, dir, context.console())
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("bench cluster could not write under " + dir, e);
    }
    if (!result.identical() || !result.survived()) {
      throw new IllegalStateException("The cluster's outputs differ from the local run's or the"
          + " run with a killed worker failed (figures above); logs and warehouses in " + dir);
    }
    return result.figures();
  }
}
