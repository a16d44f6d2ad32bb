package com.visitrank.cli;

import static org.apache.spark.sql.functions.max;

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
    footer = {"", "Keys: bench.loans (0 = data-samples; N = generate N loans), generate.*,"
        + " train.* (see README). Writes into bench-warehouse/model-truth unless"
        + " visitrank.warehouse is set. Example:",
        "  bin/visitrank bench model-truth --set bench.loans=20000"})
final class ModelTruthCommand extends JobCommand {

  private CommonSettings common;
  private IngestSettings ingest;
  private FeaturesSettings features;
  private TrainSettings train;
  private BenchSettings bench;
  private GenerateSettings generate;

  @Override
  public Integer call() {
    BenchWarehouse.useDefault(sets, "bench-warehouse/model-truth");
    return super.call();
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
      generate = GenerateSettings.read(new ConfigReader(reader.config().withValue(
          "generate.loans", ConfigValueFactory.fromAnyRef(bench.loans()))));
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
    return ModelBench.truth(context, result, train.label());
  }
}
