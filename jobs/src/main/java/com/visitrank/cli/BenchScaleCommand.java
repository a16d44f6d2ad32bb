package com.visitrank.cli;

import com.typesafe.config.Config;
import com.visitrank.bench.ScaleBenchmark;
import com.visitrank.config.BenchSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.ScaleSettings;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.PipelineJob;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank bench scale}. */
@Command(name = "scale",
    description = "Runs the pipeline on generated worlds of growing size and prints, per job and"
        + " size, seconds, rows and peak memory, and how each job's time grows with the loans.",
    footer = {"", "Keys: bench.sizes (default \"100000,1000000,3000000\"), bench.seed,"
        + " bench.months, bench.dir, bench.reuse, and every pipeline/job key. Example:",
        "  bin/visitrank bench scale --set bench.sizes=20000,60000,180000"})
final class BenchScaleCommand extends JobCommand {

  private BenchSettings bench;
  private ScaleSettings scale;
  private Config config;

  @Override
  String job() {
    return "bench-scale";
  }

  @Override
  List<String> sections() {
    return List.of("bench", "generate", "pipeline", "ingest", "features", "train", "target",
        "evaluate");
  }

  @Override
  Config adjust(Config given) {
    config = given;
    return given;
  }

  @Override
  void readSettings(ConfigReader reader) {
    bench = BenchSettings.read(reader);
    scale = ScaleSettings.read(reader);
    GenerateSettings.read(reader);
    PipelineJob.Settings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    return new ScaleBenchmark(context, config, scale.sizes(), bench.seed(), bench.months(),
        bench.reuse(), bench.dir() + "/scale").run();
  }
}
