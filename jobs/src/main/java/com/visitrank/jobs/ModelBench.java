package com.visitrank.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.ModelBenchSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.io.InputError;
import com.visitrank.io.Warehouse;
import com.visitrank.model.BinaryMetrics;
import com.visitrank.model.Scorer;
import com.visitrank.model.TrainedModel;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Model-quality benchmarks: the trainer on the real UCI credit-card file, and the trained model
 * against the synthetic bank's exact probabilities. Each returns its figures as
 * {@code name = value} lines.
 */
public final class ModelBench {

  /** The as-of date of the UCI file's snapshot (its last statement month). */
  public static final LocalDate UCI_AS_OF = LocalDate.of(2005, 9, 30);

  private ModelBench() {}

  /**
   * {@code bench model-uci}: ingest the UCI file, compute its features, fit the candidates on a
   * seeded share of the clients (by loan) and report AUC and KS of the best on the others.
   */
  public static List<String> uci(JobContext context, IngestSettings ingest,
      FeaturesSettings features, TrainSettings train, ModelBenchSettings bench) {
    new IngestJob(context, ingest, UCI_AS_OF).run();
    new FeaturesJob(context, new FeaturesSettings(0, features.horizons()), UCI_AS_OF).run();
    Dataset<Row> snapshot = context.warehouse().read(Warehouse.FEATURES, FeaturesJob.TABLE,
        new StructType()).filter(col("as_of_date").equalTo(Date.valueOf(UCI_AS_OF)));
    if (!List.of(snapshot.columns()).contains(bench.uciLabel())) {
      throw new InputError("features/" + FeaturesJob.TABLE + " has no label column "
          + bench.uciLabel() + " (bench.uci-label) for the UCI snapshot");
    }
    TrainSettings settings = new TrainSettings(train.modelName() + "-uci", bench.uciLabel(),
        TrainSettings.ALL, train.windowMonths(), train.validationMonths(),
        train.calibrationShare(), train.candidates(), train.championMargin(), train.minAuc(),
        train.options().withLabel(bench.uciLabel()));
    Dataset<Row> labelled = com.visitrank.model.DerivedFeatures.add(snapshot)
        .filter(col(bench.uciLabel()).isNotNull());
    Column test = TrainJob.loanShare(bench.uciTestShare(), bench.splitSeed(), "test");
    Dataset<Row> rest = labelled.filter(test.unary_$bang());
    Column held = TrainJob.calibrationRows(train.calibrationShare(), train.options().seed());
    Dataset<Row> fitRows = rest.filter(held.unary_$bang()).cache();
    Dataset<Row> calibration = rest.filter(held).cache();
    Dataset<Row> testRows = labelled.filter(test).cache();
    TrainJob.Fitted fitted = TrainJob.fit(context, settings, fitRows, calibration, testRows,
        "uci-bench");
    List<String> lines = new ArrayList<>();
    lines.add(String.format("rows_fit = %d", fitRows.count()));
    lines.add(String.format("rows_calibration = %d", calibration.count()));
    lines.add(String.format("rows_test = %d", testRows.count()));
    lines.addAll(figures(fitted, chosen(fitted, calibration, bench.uciLabel(),
        train.options().seed())));
    fitRows.unpersist();
    calibration.unpersist();
    testRows.unpersist();
    return lines;
  }

  /**
   * {@code bench model-truth}: train as the {@code train} job does, then compare, on the
   * validation rows of the registered model, its AUC with the AUC of the generator's exact
   * probability.
   *
   * <p>The headline ({@code auc}, {@code truth_auc}, {@code auc_ratio}) leaves out the rows of
   * loans visited in (T, T + {@code horizonDays}]: their label follows the outlook with a visit,
   * which neither the no-visit truth nor the model (trained on what is known at T) can see, so
   * those rows would score the truth against a probability that does not govern the label. On
   * the remaining rows {@code p_long_overdue_60d_no_visit} is exactly the label's probability.
   * For completeness the figures on every row follow, with the truth matched to the treatment
   * ({@code p_long_overdue_60d_visit} for the visited rows).
   */
  public static List<String> truth(JobContext context, TrainJob.Result result,
      String label, int horizonDays) {
    Warehouse warehouse = context.warehouse();
    Dataset<Row> validation = context.spark().read().parquet(
        result.path() + "/" + ModelRegistry.VALIDATION);
    Dataset<Row> outlook = warehouse.read(Warehouse.TRUTH, TruthTables.LOAN_OUTLOOK,
        TruthTables.LOAN_OUTLOOK_SCHEMA).select(col("loan_id"), col("as_of_date"),
        col("p_long_overdue_60d_no_visit"), col("p_long_overdue_60d_visit"));
    Dataset<Row> visited = context.clean(RawTables.VISITS, false)
        .select(col("loan_id"), to_date(col("visit_time")).as("visit_date"));
    Dataset<Row> visitedAfter = validation.select("loan_id", "as_of_date").join(visited,
            "loan_id")
        .filter(col("visit_date").gt(col("as_of_date"))
            .and(col("visit_date").leq(date_add(col("as_of_date"), horizonDays))))
        .select("loan_id", "as_of_date").distinct().withColumn("visited_after", lit(true));
    Dataset<Row> joined = validation.join(outlook, new String[] {"loan_id", "as_of_date"})
        .join(visitedAfter, new String[] {"loan_id", "as_of_date"}, "left")
        .withColumn("visited_after", coalesce(col("visited_after"), lit(false)))
        .withColumn("p_truth", when(col("visited_after"), col("p_long_overdue_60d_visit"))
            .otherwise(col("p_long_overdue_60d_no_visit")))
        .cache();
    Dataset<Row> unvisited = joined.filter(not(col("visited_after")));
    long matched = joined.count();
    long kept = unvisited.count();
    long rows = validation.count();
    BinaryMetrics.Summary model = BinaryMetrics.summary(unvisited, Scorer.PROBABILITY,
        Scorer.PROBABILITY, "label");
    BinaryMetrics.Summary truth = BinaryMetrics.summary(unvisited, "p_truth", "p_truth",
        "label");
    BinaryMetrics.Summary modelAll = BinaryMetrics.summary(joined, Scorer.PROBABILITY,
        Scorer.PROBABILITY, "label");
    BinaryMetrics.Summary truthAll = BinaryMetrics.summary(joined, "p_truth", "p_truth",
        "label");
    joined.unpersist();
    List<String> lines = new ArrayList<>();
    lines.add("label = " + label);
    lines.add("validation_dates = " + result.validationDates());
    lines.add(String.format("rows = %d", rows));
    lines.add(String.format("rows_with_truth = %d", matched));
    lines.add(String.format("rows_visited_after = %d", matched - kept));
    lines.add(String.format("rows_compared = %d", kept));
    lines.add("model = " + result.fitted().best().kind());
    lines.add(String.format("auc = %.4f", model.auc()));
    lines.add(String.format("truth_auc = %.4f", truth.auc()));
    lines.add(String.format("auc_ratio = %.4f", model.auc() / truth.auc()));
    lines.add(String.format("brier = %.4f", model.brier()));
    lines.add(String.format("truth_brier = %.4f", truth.brier()));
    lines.add(String.format("auc_all_rows = %.4f", modelAll.auc()));
    lines.add(String.format("truth_auc_all_rows = %.4f", truthAll.auc()));
    lines.add(String.format("auc_ratio_all_rows = %.4f", modelAll.auc() / truthAll.auc()));
    lines.addAll(trees(result.fitted()));
    return lines;
  }

  /**
   * Index (in {@code fitted}) of the candidate with the highest AUC of its raw score on
   * {@code rows}, the calibration rows (part of the training share), scored out of fold
   * ({@link TrainedModel#scoreOutOfFold}, {@code seed} the training's): each by a model not
   * fitted on it. The benchmark chooses its model there, never on the held-out rows it reports.
   */
  static int chosen(TrainJob.Fitted fitted, Dataset<Row> rows, String label, long seed) {
    int best = 0;
    double bestAuc = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < fitted.models().size(); i++) {
      Dataset<Row> scored = fitted.models().get(i).scoreOutOfFold(rows, seed)
          .withColumn("label", col(label).cast("int"));
      double auc = BinaryMetrics.summary(scored, TrainedModel.RAW_SCORE, Scorer.PROBABILITY,
          "label").auc();
      if (auc > bestAuc) {
        best = i;
        bestAuc = auc;
      }
    }
    return best;
  }

  /** The chosen candidate's figures, then every candidate's AUC. */
  static List<String> figures(TrainJob.Fitted fitted, int chosen) {
    List<String> lines = new ArrayList<>();
    BinaryMetrics.Summary s = fitted.evaluations().get(chosen).summary();
    lines.add("model = " + fitted.models().get(chosen).kind());
    lines.add(String.format("auc = %.4f", s.auc()));
    lines.add(String.format("auc_uncalibrated = %.4f", fitted.evaluations().get(chosen)
        .rawAuc()));
    lines.add(String.format("ks = %.4f", s.ks()));
    lines.add(String.format("gini = %.4f", s.gini()));
    lines.add(String.format("pr_auc = %.4f", s.prAuc()));
    lines.add(String.format("brier = %.4f", s.brier()));
    for (int i = 0; i < fitted.models().size(); i++) {
      lines.add(String.format("auc_%s = %.4f", fitted.models().get(i).kind(),
          fitted.evaluations().get(i).summary().auc()));
    }
    lines.addAll(trees(fitted));
    return lines;
  }

  /**
   * {@code gbt_trees = N}, the trees each model of the GBT candidate kept (the same for every
   * member of an ensemble; see {@code train.gbt.select-trees}), and
   * {@code gbt_scorecard_weight = w}, its blend's weight of the scorecard
   * ({@code train.gbt.scorecard-weight}), when there is a GBT candidate.
   */
  static List<String> trees(TrainJob.Fitted fitted) {
    return fitted.models().stream().filter(m -> m.kind().equals(TrainedModel.GBT))
        .flatMap(m -> Stream.concat(m.trees().stream().limit(1).map(n -> "gbt_trees = " + n),
            Stream.of("gbt_scorecard_weight = " + m.scorecardWeight()))).toList();
  }
}
