package com.visitrank.cli;

import static org.apache.spark.sql.functions.max;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.config.BenchSettings;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.io.Warehouse;
import com.visitrank.jobs.FeaturesJob;
import com.visitrank.jobs.GenerateJob;
import com.visitrank.jobs.IngestJob;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.ModelBench;
import com.visitrank.jobs.TrainJob;
import com.visitrank.schema.RawTables;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;

/** {@code visitrank bench model-truth}. */
@Command(name = "model-truth",
    description = "Train on a synthetic bank and compare the model's validation AUC with the"
        + " AUC of the generator's exact probability on the same rows.",
    footer = {"", "Keys: bench.loans (0 = data-samples; N = generate N loans with bench.seed"
        + " and bench.months), bench.dir, train.* (see README). Writes into"
        + " <bench.dir>/model-truth. Example:",
        "  bin/visitrank bench model-truth --set bench.loans=20000"})
final class ModelTruthCommand extends JobCommand {

  private CommonSettings common;
  private IngestSettings ingest;
  private FeaturesSettings features;
  private TrainSettings train;
  private BenchSettings bench;
  private GenerateSettings generate;

  /**
   * The benchmark's own warehouse, {@code <bench.dir>/model-truth}, and with {@code bench.loans}
   * above 0 the generated world's size, seed and months from {@code bench.*}.
   */
  @Override
  Config adjust(Config config) {
    BenchSettings settings = BenchSettings.read(new ConfigReader(config));
    Config adjusted = config.withValue("visitrank.warehouse",
        ConfigValueFactory.fromAnyRef(settings.dir() + "/model-truth"));
    if (settings.loans() == 0) {
      return adjusted;
    }
    return adjusted
        .withValue("generate.loans", ConfigValueFactory.fromAnyRef(settings.loans()))
        .withValue("generate.seed", ConfigValueFactory.fromAnyRef(settings.seed()))
        .withValue("generate.months", ConfigValueFactory.fromAnyRef(settings.months()));
  }

  @Override
  String job() {
    return "bench-model-truth";
  }

  @Override
  List<String> sections() {
    return List.of("generate", "ingest", "features", "train", "bench");
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
    ingest = IngestSettings.read(reader);
    features = FeaturesSettings.read(reader);
    train = TrainSettings.read(reader);
    bench = BenchSettings.read(reader);
    if (bench.loans() > 0) {
      generate = GenerateSettings.read(reader);
    }
  }

  @Override
  List<String> execute(JobContext context) {
    Warehouse warehouse = context.warehouse();
    LocalDate asOf;
    if (generate == null) {
      context.step("stage raw and truth tables from " + common.samples(), () -> {
        warehouse.copyTablesFrom(common.samples(), Warehouse.RAW);
        return warehouse.copyTablesFrom(common.samples(), Warehouse.TRUTH);
      });
      Row latest = warehouse.read(Warehouse.RAW, RawTables.PAYMENTS, new StructType()
          .add("payment_date", DataTypes.DateType)).agg(max("payment_date")).first();
      asOf = common.asOf().orElse(YearMonth.from(latest.getDate(0).toLocalDate())
          .atEndOfMonth());
    } else {
      new GenerateJob(context, generate).run();
      asOf = common.asOf().orElse(YearMonth.from(generate.world().startDate())
          .plusMonths(generate.world().months() - 1).atEndOfMonth());
    }
    warehouse.delete(Warehouse.FEATURES, FeaturesJob.TABLE);
    new IngestJob(context, ingest, asOf).run();
    TrainJob.Result result = new TrainJob(context, train, features, asOf).run();
    return ModelBench.truth(context, result, train.label(),
        features.horizons().longOverdueDays());
  }
}
