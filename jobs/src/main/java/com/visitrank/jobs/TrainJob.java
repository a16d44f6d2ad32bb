package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.features.FeatureCatalog;
import com.visitrank.features.LoanFeatures;
import com.visitrank.io.InputError;
import com.visitrank.io.Warehouse;
import com.visitrank.model.BinaryMetrics;
import com.visitrank.model.DerivedFeatures;
import com.visitrank.model.Scorer;
import com.visitrank.model.TrainedModel;
import com.visitrank.model.Trainer;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code train} job: fits the candidate models on feature snapshots of a window of matured
 * month ends before the as-of date, validates them out of time on the latest matured month ends,
 * registers the best under {@code models/<name>/<version>/} and makes it the champion when it
 * beats the current one by the configured margin and clears the AUC floor. Snapshots missing from
 * {@code features/loans} are computed first, in one features run.
 */
public final class TrainJob {

  /** Code version recorded in every model's metadata. */
  public static final String CODE_VERSION = "visitrank 0.1.0";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A model's validation figures.
   *
   * @param summary AUC, Gini, KS, PR-AUC (on the calibrated probability) and Brier
   * @param rawAuc AUC of the uncalibrated score (isotonic calibration ties some scores)
   * @param deciles calibration, capture and lift by decile of the score
   * @param scorePsi PSI of the score between training and validation rows
   * @param featurePsi PSI of each feature between training and validation rows
   */
  public record Evaluation(BinaryMetrics.Summary summary, double rawAuc,
      List<BinaryMetrics.Decile> deciles, double scorePsi, Map<String, Double> featurePsi) {}

  /**
   * Every candidate fitted, the best first, with its validation figures.
   *
   * @param models fitted candidates, best (highest validation AUC) first
   * @param evaluations their evaluations, same order
   * @param validation the best model's validation rows: loan_id, as_of_date, label, probability
   */
  public record Fitted(List<TrainedModel> models, List<Evaluation> evaluations,
      Dataset<Row> validation) {

    public TrainedModel best() {
      return models.get(0);
    }

    public Evaluation bestEvaluation() {
      return evaluations.get(0);
    }
  }

  /**
   * What a train run did.
   *
   * @param fitDates month ends fitted on
   * @param validationDates month ends validated on
   * @param rows rows fitted, calibrated and validated on
   * @param version the registered version
   * @param path where it is
   * @param promoted whether it became the champion
   * @param decision why (or why not)
   */
  public record Result(List<LocalDate> fitDates, List<LocalDate> validationDates, long[] rows,
      Fitted fitted, String version, String path, boolean promoted, String decision) {}

  private final JobContext context;
  private final TrainSettings settings;
  private final FeaturesSettings features;
  private final LocalDate asOf;

  public TrainJob(JobContext context, TrainSettings settings, FeaturesSettings features,
      LocalDate asOf) {
    this.context = context;
    this.settings = settings;
    this.features = features;
    this.asOf = asOf;
  }

  /** Month ends before the as-of date that training may need, oldest first. */
  static List<LocalDate> candidateDates(LocalDate asOf, int window, int validation,
      int horizonDays) {
    int lag = horizonDays / 28 + 1;
    List<LocalDate> dates = new ArrayList<>(FeaturesJob.dates(asOf, window + validation + lag));
    dates.remove(asOf);
    return dates;
  }

  /**
   * Rows whose label was known at {@code asOf}: not null, and for the labels of the features
   * job, with a horizon that ended by then. Snapshots computed after later data arrived carry
   * labels that were not known at {@code asOf}; training as of that date must not see them.
   */
  static Column knownAt(String label, LoanFeatures.Horizons horizons, LocalDate asOf) {
    Column known = col(label).isNotNull();
    OptionalInt days = horizons.daysOf(label);
    return days.isEmpty() ? known
        : known.and(date_add(col("as_of_date"), days.getAsInt()).leq(lit(Date.valueOf(asOf))));
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    List<LocalDate> candidates = candidateDates(asOf, settings.windowMonths(),
        settings.validationMonths(), features.horizons().longOverdueDays());
    ensureSnapshots(candidates);
    Dataset<Row> snapshots = FeaturesJob.read(warehouse, candidates, new StructType());
    context.manifest().input(Warehouse.FEATURES + "/" + FeaturesJob.TABLE,
        warehouse.path(Warehouse.FEATURES, FeaturesJob.TABLE));
    if (!List.of(snapshots.columns()).contains(settings.label())) {
      throw new InputError("features/" + FeaturesJob.TABLE + " has no label column "
          + settings.label() + " (train.label); labels there: " + String.join(", ",
          List.of(snapshots.columns()).stream().filter(c -> c.startsWith("label_")).toList()));
    }
    snapshots = DerivedFeatures.add(snapshots);
    Dataset<Row> population = settings.population().equals(TrainSettings.OVERDUE)
        ? snapshots.filter(col("dpd").gt(0)) : snapshots;
    Dataset<Row> labelled = population.filter(knownAt(settings.label(), features.horizons(),
        asOf));
    TreeMap<LocalDate, Long> byDate = new TreeMap<>();
    for (Row r : labelled.groupBy("as_of_date").count().collectAsList()) {
      byDate.put(r.getDate(0).toLocalDate(), r.getLong(1));
    }
    List<LocalDate> matured = new ArrayList<>(byDate.keySet());
    if (matured.size() < settings.validationMonths() + 1) {
      throw new InputError("Not enough matured month ends before " + asOf + " to train on:"
          + " found " + matured + " with " + settings.label() + " known, need at least "
          + (settings.validationMonths() + 1) + " (train.validation-months + 1); run features"
          + " on a longer history or lower train.validation-months");
    }
    List<LocalDate> validationDates = matured.subList(matured.size()
        - settings.validationMonths(), matured.size());
    List<LocalDate> fitDates = matured.subList(Math.max(0, matured.size()
        - settings.validationMonths() - settings.windowMonths()), matured.size()
        - settings.validationMonths());
    context.console().printf("[%s] fit on %s .. %s (%d month ends), validate on %s .. %s%n",
        context.job(), fitDates.get(0), fitDates.get(fitDates.size() - 1), fitDates.size(),
        validationDates.get(0), validationDates.get(validationDates.size() - 1));
    Dataset<Row> training = labelled.filter(col("as_of_date").isin(
        fitDates.stream().map(Date::valueOf).toArray()));
    Column held = calibrationRows(settings.calibrationShare(), settings.options().seed());
    Dataset<Row> fitRows = training.filter(held.unary_$bang()).cache();
    Dataset<Row> calibration = training.filter(held).cache();
    Dataset<Row> validation = labelled.filter(col("as_of_date").isin(
        validationDates.stream().map(Date::valueOf).toArray())).cache();
    long[] rows = {fitRows.count(), calibration.count(), validation.count()};
    context.console().printf("[%s] rows: fit %,d, calibration %,d, validation %,d%n",
        context.job(), rows[0], rows[1], rows[2]);
    String version = ModelRegistry.nextVersion(warehouse, settings.modelName(), asOf);
    Fitted fitted = fit(context, settings, fitRows, calibration, validation, version);

    Optional<String> championVersion = ModelRegistry.championVersion(warehouse,
        settings.modelName());
    Evaluation best = fitted.bestEvaluation();
    double auc = best.summary().auc();
    String decision;
    boolean promote;
    if (!(auc >= settings.minAuc())) {
      promote = false;
      decision = String.format("kept the champion: validation AUC %.4f is below train.min-auc"
          + " %.4f", auc, settings.minAuc());
    } else if (championVersion.isEmpty()) {
      promote = true;
      decision = String.format("champion: the first model (validation AUC %.4f)", auc);
    } else {
      Optional<Double> championAuc = championAuc(championVersion.get(), validation);
      if (championAuc.isEmpty()) {
        promote = true;
        decision = "champion: the current champion " + championVersion.get()
            + " cannot score these features or predicts another label";
      } else {
        promote = auc >= championAuc.get() + settings.championMargin();
        decision = String.format("%s: validation AUC %.4f against champion %s's %.4f on the"
                + " same rows (margin %.4f)", promote ? "champion" : "kept the champion", auc,
            championVersion.get(), championAuc.get(), settings.championMargin());
      }
    }
    ObjectNode metadata = metadata(fitted, fitDates, validationDates, rows,
        fingerprint(training.unionByName(validation)), decision);
    String path = context.step("register model " + settings.modelName() + "/" + version,
        () -> ModelRegistry.save(warehouse, fitted.best(), metadata, fitted.validation()));
    if (promote) {
      ModelRegistry.promote(warehouse, settings.modelName(), version);
    }
    context.manifest().output(Warehouse.MODELS + "/" + settings.modelName() + "/" + version,
        path, rows[2]);
    context.manifest().metric("train.auc", auc);
    context.manifest().metric("train.ks", best.summary().ks());
    context.manifest().metric("train.brier", best.summary().brier());
    fitRows.unpersist();
    calibration.unpersist();
    validation.unpersist();
    return new Result(List.copyOf(fitDates), List.copyOf(validationDates), rows, fitted,
        version, path, promote, decision);
  }

  /** Rows held out for calibration: a seeded hash of the loan, so a loan is on one side only. */
  public static Column calibrationRows(double share, long seed) {
    return loanShare(share, seed, "calibration");
  }

  /**
   * A seeded share of the loans: a hash of {@code loan_id}, the seed and a salt naming the
   * purpose, so that splits made for different purposes with the same seed are independent.
   */
  public static Column loanShare(double share, long seed, String salt) {
    return pmod(xxhash64(col("loan_id"), lit(seed), lit(salt)), lit(10_000)).lt(lit(
        Math.round(share * 10_000)));
  }

  private Optional<Double> championAuc(String version, Dataset<Row> validation) {
    try {
      TrainedModel champion = ModelRegistry.loadModel(context.warehouse(),
          settings.modelName(), version);
      if (!champion.label().equals(settings.label()) || ModelRegistry.incompatibility(
          validation.schema(), champion.requiredColumns()) != null) {
        return Optional.empty();
      }
      return Optional.of(BinaryMetrics.summary(champion.score(validation), Scorer.PROBABILITY,
          Scorer.PROBABILITY, settings.label()).auc());
    } catch (InputError e) {
      return Optional.empty();
    }
  }

  /**
   * Fits every candidate of {@code settings} and evaluates it on {@code validation}; the best
   * by validation AUC comes first. Shared with the benchmarks.
   */
  public static Fitted fit(JobContext context, TrainSettings settings, Dataset<Row> fitRows,
      Dataset<Row> calibration, Dataset<Row> validation, String version) {
    List<TrainedModel> models = context.step("fit " + String.join(", ",
        settings.candidates()), () -> context.warehouse().withCheckpoints(context.runId(),
            () -> Trainer.fit(fitRows, calibration, settings.options(), settings.candidates(),
                settings.modelName(), version)));
    List<TrainedModel> ordered = new ArrayList<>();
    List<Evaluation> evaluations = new ArrayList<>();
    List<Dataset<Row>> scored = new ArrayList<>();
    for (TrainedModel model : models) {
      Dataset<Row> s = model.scoreRaw(validation).select(col("loan_id"), col("as_of_date"),
          col(settings.label()).cast("int").as("label"), col(Scorer.PROBABILITY),
          col(TrainedModel.RAW_SCORE)).cache();
      Evaluation evaluation = context.step("validate " + model.kind(),
          () -> evaluate(model, s, fitRows, validation));
      context.console().printf("[%s] %-9s auc = %.4f  ks = %.4f  brier = %.4f%s%n",
          context.job(), model.kind(), evaluation.summary().auc(), evaluation.summary().ks(),
          evaluation.summary().brier(), treesKept(model, settings.options().gbt()));
      ordered.add(model);
      evaluations.add(evaluation);
      scored.add(s);
    }
    Integer[] order = new Integer[ordered.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingDouble(
        (Integer i) -> -evaluations.get(i).summary().auc()));
    List<TrainedModel> sortedModels = new ArrayList<>();
    List<Evaluation> sortedEvaluations = new ArrayList<>();
    for (int i : order) {
      sortedModels.add(ordered.get(i));
      sortedEvaluations.add(evaluations.get(i));
    }
    return new Fitted(List.copyOf(sortedModels), List.copyOf(sortedEvaluations),
        scored.get(order[0]).select("loan_id", "as_of_date", "label", Scorer.PROBABILITY));
  }

  private static Evaluation evaluate(TrainedModel model, Dataset<Row> scored,
      Dataset<Row> fitRows, Dataset<Row> validation) {
    BinaryMetrics.Summary summary = BinaryMetrics.summary(scored, Scorer.PROBABILITY,
        Scorer.PROBABILITY, "label");
    double rawAuc = BinaryMetrics.summary(scored, TrainedModel.RAW_SCORE, Scorer.PROBABILITY,
        "label").auc();
    List<BinaryMetrics.Decile> deciles = BinaryMetrics.deciles(scored, TrainedModel.RAW_SCORE,
        Scorer.PROBABILITY, "label");
    double scorePsi = BinaryMetrics.scorePsi(model.scoreRaw(fitRows), scored,
        TrainedModel.RAW_SCORE);
    Map<String, Double> featurePsi = BinaryMetrics.featurePsi(fitRows, validation,
        model.bins());
    return new Evaluation(summary, rawAuc, deciles, scorePsi, featurePsi);
  }

  /**
   * Computes the snapshots among {@code dates} that are missing or that an earlier version
   * wrote without some of today's columns (with the month ends after the oldest of them, in
   * one features run).
   */
  private void ensureSnapshots(List<LocalDate> dates) {
    FeaturesJob.Snapshots snapshots = FeaturesJob.check(context.warehouse(), dates);
    List<LocalDate> toCompute = snapshots.toCompute();
    if (toCompute.isEmpty()) {
      return;
    }
    if (!snapshots.missing().isEmpty()) {
      context.console().printf("[%s] %d month end(s) missing from features/%s (%s ..)%n",
          context.job(), snapshots.missing().size(), FeaturesJob.TABLE,
          snapshots.missing().get(0));
    }
    snapshots.outdated().entrySet().stream().findFirst().ifPresent(first ->
        context.console().printf("[%s] %d month end(s) of features/%s written by an earlier"
            + " version (%s lacks %s)%n", context.job(), snapshots.outdated().size(),
            FeaturesJob.TABLE, first.getKey(), String.join(", ", first.getValue())));
    int months = (int) ChronoUnit.MONTHS.between(YearMonth.from(toCompute.get(0)),
        YearMonth.from(asOf));
    context.console().printf("[%s] computing features for %s .. %s%n", context.job(),
        toCompute.get(0), asOf);
    new FeaturesJob(context, new FeaturesSettings(months, features.horizons()), asOf).run();
  }

  /** A digest of the rows trained and validated on: count and sum of a hash of each row. */
  private static String fingerprint(Dataset<Row> rows) {
    Row r = rows.agg(count(lit(1)), sum(xxhash64(col("loan_id"), col("as_of_date"))
        .cast("decimal(38,0)"))).first();
    return "rows=" + r.getLong(0) + ";xxhash64-sum=" + r.get(1);
  }

  private ObjectNode metadata(Fitted fitted, List<LocalDate> fitDates,
      List<LocalDate> validationDates, long[] rows, String fingerprint, String decision) {
    ObjectNode meta = JSON.createObjectNode();
    meta.put("trained_at", Instant.now().toString());
    meta.put("code_version", CODE_VERSION);
    meta.put("run_id", context.runId());
    meta.put("as_of", asOf.toString());
    meta.put("label_definition", FeatureCatalog.LABELS.stream()
        .filter(d -> d.name().equals(settings.label())).map(d -> d.meaning()).findFirst()
        .orElse(settings.label()));
    meta.put("population", settings.population().equals(TrainSettings.OVERDUE)
        ? "loans past due at T (dpd > 0)" : "every active loan");
    ObjectNode window = meta.putObject("training_window");
    ArrayNode fit = window.putArray("fit_dates");
    fitDates.forEach(d -> fit.add(d.toString()));
    ArrayNode val = window.putArray("validation_dates");
    validationDates.forEach(d -> val.add(d.toString()));
    window.put("fit_rows", rows[0]);
    window.put("calibration_rows", rows[1]);
    window.put("validation_rows", rows[2]);
    window.put("calibration", fitted.best().members() > 0
        ? "isotonic, per member of the cross-fitted ensemble, on its own fold of the fit and"
            + " calibration rows (hash of loan_id and train.seed), which it was not fitted on"
        : "isotonic, on " + settings.calibrationShare()
            + " of the training loans (hash of loan_id and train.seed), not used to fit");
    if (fitted.best().members() > 0 && fitted.best().scorecardWeight() > 0) {
      window.put("calibration", window.get("calibration").asText() + "; then the blend with"
          + " the scorecard, isotonic, on " + settings.calibrationShare() + " of the training"
          + " loans, each scored by the member not fitted on it");
    }
    meta.set("settings", settingsJson(settings.options()));
    meta.put("data_fingerprint", fingerprint);
    ArrayNode featureList = meta.putArray("features");
    fitted.best().features().forEach(f -> featureList.addObject().put("name", f.name())
        .put("type", f.type()).put("categorical", f.categorical()));
    meta.set("metrics", metricsJson(fitted.bestEvaluation()));
    ArrayNode candidates = meta.putArray("candidates");
    for (int i = 0; i < fitted.models().size(); i++) {
      ObjectNode c = candidates.addObject();
      c.put("kind", fitted.models().get(i).kind());
      ArrayNode trees = c.putArray("trees");
      fitted.models().get(i).trees().forEach(trees::add);
      c.put("scorecard_weight", fitted.models().get(i).scorecardWeight());
      c.set("metrics", metricsJson(fitted.evaluations().get(i)));
    }
    meta.put("champion_decision", decision);
    return meta;
  }

  /**
   * The trees {@code model} kept and its scorecard weight, for the console
   * ({@code "  trees = 130 of 150 per model (chosen on held-out rows)  scorecard weight = 0.2
   * (chosen on held-out rows)"}), or nothing for a model without trees.
   */
  static String treesKept(TrainedModel model, Trainer.Gbt gbt) {
    List<Integer> trees = model.trees();
    if (trees.isEmpty()) {
      return "";
    }
    String kept = trees.stream().distinct().map(String::valueOf)
        .collect(Collectors.joining(", "));
    String chosen = " (chosen on held-out rows)";
    return "  trees = " + kept + " of " + gbt.iterations() + " per model"
        + (gbt.selectTrees() ? chosen : "") + "  scorecard weight = "
        + model.scorecardWeight() + (gbt.scorecardWeight().isEmpty() ? chosen : "");
  }

  /** How the candidates were fitted: the {@code train.scorecard.*} and {@code train.gbt.*} keys. */
  static ObjectNode settingsJson(Trainer.Options options) {
    ObjectNode o = JSON.createObjectNode();
    o.put("seed", options.seed());
    ArrayNode excluded = o.putArray("exclude");
    options.excluded().stream().sorted().forEach(excluded::add);
    o.putObject("scorecard").put("bins", options.bins())
        .put("min_category_share", options.minCategoryShare())
        .put("monotone", options.monotone()).put("reg_param", options.regParam());
    Trainer.Gbt gbt = options.gbt();
    ObjectNode trees = o.putObject("gbt");
    trees.put("iterations", gbt.iterations()).put("depth", gbt.depth())
        .put("step_size", gbt.stepSize()).put("subsampling_rate", gbt.subsamplingRate())
        .put("min_instances_per_node", gbt.minInstancesPerNode())
        .put("class_weights", gbt.balanced() ? TrainSettings.BALANCED : "none")
        .put("folds", gbt.folds()).put("feature_subset", gbt.featureSubset())
        .put("select_trees", gbt.selectTrees());
    if (gbt.scorecardWeight().isPresent()) {
      trees.put("scorecard_weight", gbt.scorecardWeight().getAsDouble());
    } else {
      trees.put("scorecard_weight", TrainSettings.AUTO);
    }
    return o;
  }

  static ObjectNode metricsJson(Evaluation e) {
    ObjectNode m = JSON.createObjectNode();
    BinaryMetrics.Summary s = e.summary();
    m.put("rows", s.rows());
    m.put("positives", s.positives());
    m.put("auc", s.auc());
    m.put("auc_uncalibrated", e.rawAuc());
    m.put("gini", s.gini());
    m.put("ks", s.ks());
    m.put("pr_auc", s.prAuc());
    m.put("brier", s.brier());
    m.put("score_psi", e.scorePsi());
    m.put("score_psi_flag", BinaryMetrics.psiFlag(e.scorePsi()));
    ArrayNode deciles = m.putArray("deciles");
    for (BinaryMetrics.Decile d : e.deciles()) {
      deciles.addObject().put("decile", d.decile()).put("rows", d.rows())
          .put("positives", d.positives()).put("mean_probability", d.meanProbability())
          .put("observed_rate", d.observedRate()).put("capture_rate", d.captureRate())
          .put("lift", d.lift());
    }
    ObjectNode psi = m.putObject("feature_psi");
    e.featurePsi().forEach((name, value) -> psi.putObject(name).put("psi", value)
        .put("flag", BinaryMetrics.psiFlag(value)));
    return m;
  }
}
