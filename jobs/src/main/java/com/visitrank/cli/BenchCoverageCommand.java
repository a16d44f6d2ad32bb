package com.visitrank.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.bench.CoverageBenchmark;
import com.visitrank.config.BenchSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.EvaluateSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.jobs.JobContext;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank bench coverage}. */
@Command(name = "coverage",
    description = "How often the evaluation's 95%% interval covers the true effect of visiting,"
        + " over generated worlds with different seeds (each with one randomised campaign).",
    footer = {"", "Keys: bench.seeds (default 20), bench.loans (default here 3,000), bench.seed"
        + " (the first seed), bench.months, bench.dir. Example:",
        "  bin/visitrank bench coverage --set bench.seeds=5"})
final class BenchCoverageCommand extends JobCommand {

  static final int DEFAULT_LOANS = 3_000;

  private BenchSettings bench;
  private Config config;

  @Override
  String job() {
    return "bench-coverage";
  }

  @Override
  List<String> sections() {
    return List.of("bench", "generate", "evaluate");
  }

  /** Worlds of bench.loans loans and bench.months months, each with one randomised campaign. */
  @Override
  Config adjust(Config given) {
    BenchSettings settings = BenchSettings.read(new ConfigReader(given));
    config = given
        .withValue("visitrank.warehouse",
            ConfigValueFactory.fromAnyRef(settings.dir() + "/coverage"))
        .withValue("generate.loans",
            ConfigValueFactory.fromAnyRef(settings.loansOr(DEFAULT_LOANS)))
        .withValue("generate.months", ConfigValueFactory.fromAnyRef(settings.months()))
        .withValue("generate.past-visit-cycles", ConfigValueFactory.fromAnyRef(1));
    return config;
  }

  @Override
  void readSettings(ConfigReader reader) {
    bench = BenchSettings.read(reader);
    GenerateSettings.read(reader);
    IngestSettings.read(reader);
    EvaluateSettings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    return new CoverageBenchmark(context, config, bench.seeds(), bench.seed(),
        bench.dir() + "/coverage/loans-" + bench.loansOr(DEFAULT_LOANS)).run();
  }
}
