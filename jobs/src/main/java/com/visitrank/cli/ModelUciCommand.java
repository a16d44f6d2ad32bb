package com.visitrank.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.config.BenchSettings;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.ModelBenchSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.ModelBench;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank bench model-uci}. */
@Command(name = "model-uci",
    description = "The trainer on the real UCI credit-card file: ingest, features, a seeded"
        + " 70/30 split by client; prints auc and ks of the held-out 30%%.",
    footer = {"", "Keys: bench.uci-label, bench.uci-test-share, bench.split-seed, bench.dir,"
        + " ingest.path, train.* (see README). Writes into <bench.dir>/model-uci. Example:",
        "  bin/visitrank bench model-uci"})
final class ModelUciCommand extends JobCommand {

  private IngestSettings ingest;
  private FeaturesSettings features;
  private TrainSettings train;
  private ModelBenchSettings bench;

  /** The benchmark's own warehouse: {@code <bench.dir>/model-uci}. */
  @Override
  Config adjust(Config config) {
    BenchSettings settings = BenchSettings.read(new ConfigReader(config));
    return config.withValue("visitrank.warehouse",
        ConfigValueFactory.fromAnyRef(settings.dir() + "/model-uci"));
  }

  @Override
  String job() {
    return "bench-model-uci";
  }

  @Override
  List<String> sections() {
    return List.of("ingest", "features", "train", "bench");
  }

  @Override
  void readSettings(ConfigReader reader) {
    CommonSettings common = CommonSettings.read(reader);
    IngestSettings read = IngestSettings.read(reader);
    String path = read.path().isBlank()
        ? common.samples() + "/uci-credit-card/UCI_Credit_Card.csv" : read.path();
    ingest = new IngestSettings(IngestSettings.UCI_CREDIT_CARD, path, read.formats(),
        read.keepExtraColumns(), read.maxRejectRatio(), read.tables(), read.buckets());
    features = FeaturesSettings.read(reader);
    train = TrainSettings.read(reader);
    bench = ModelBenchSettings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    return ModelBench.uci(context, ingest, features, train, bench);
  }
}
