package com.visitrank.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.bench.FeaturesBenchmark;
import com.visitrank.config.BenchSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.jobs.JobContext;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank bench features}. */
@Command(name = "features",
    description = "Times the features job (1 and 12 as-of dates) against a bare scan of its"
        + " inputs and against the same core computation in DuckDB, on a generated world.",
    footer = {"", "Keys: bench.loans (default here 1,000,000), bench.seed, bench.months,"
        + " bench.dir, bench.reuse. Example:",
        "  bin/visitrank bench features --set bench.loans=100000"})
final class BenchFeaturesCommand extends JobCommand {

  static final int DEFAULT_LOANS = 1_000_000;

  private BenchSettings bench;
  private GenerateSettings generate;
  private IngestSettings ingest;
  private FeaturesSettings features;

  @Override
  String job() {
    return "bench-features";
  }

  @Override
  List<String> sections() {
    return List.of("bench", "generate", "features");
  }

  /** The benchmark's own warehouse and world: bench.dir, bench.loans, seed and months. */
  @Override
  Config adjust(Config config) {
    BenchSettings settings = BenchSettings.read(new ConfigReader(config));
    return config
        .withValue("visitrank.warehouse", ConfigValueFactory.fromAnyRef(settings.dir()))
        .withValue("generate.loans",
            ConfigValueFactory.fromAnyRef(settings.loansOr(DEFAULT_LOANS)))
        .withValue("generate.seed", ConfigValueFactory.fromAnyRef(settings.seed()))
        .withValue("generate.months", ConfigValueFactory.fromAnyRef(settings.months()));
  }

  @Override
  void readSettings(ConfigReader reader) {
    bench = BenchSettings.read(reader);
    generate = GenerateSettings.read(reader);
    ingest = IngestSettings.read(reader);
    features = FeaturesSettings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    return new FeaturesBenchmark(context, bench, generate, ingest, features).run().lines();
  }
}
