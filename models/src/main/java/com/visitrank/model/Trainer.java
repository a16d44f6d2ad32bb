package com.visitrank.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fits the candidate models on training rows and calibrates each on separate rows. Like an MLlib
 * estimator, fitting runs Spark jobs; it reads and writes nothing.
 *
 * <p>Class imbalance: every training row is weighted so that bads and goods weigh the same in
 * total (a bad row weighs {@code n / (2 bads)}, a good one {@code n / (2 goods)}), in the trees
 * too unless {@link Gbt#balanced} is off; calibration, fitted unweighted on rows not used for
 * fitting, maps the model's probability back to the observed rate.
 */
public final class Trainer {

  /** Weight column of training rows. */
  static final String WEIGHT = TrainedModel.HELPER + "weight";

  /** Rows a scorecard pattern stands for. */
  static final String PATTERN_ROWS = TrainedModel.HELPER + "pattern_rows";

  /** The label as a double. */
  static final String Y = TrainedModel.HELPER + "y";

  /**
   * How to fit.
   *
   * @param label the label column (0/1 or boolean)
   * @param excluded feature columns not to use
   * @param bins quantile bins per numeric feature before monotone pooling
   * @param minCategoryShare smallest share of rows a category needs for its own bin
   * @param monotone pool numeric bins until their bad rate is monotone
   * @param regParam L2 regularisation of the scorecard
   * @param gbt how the gradient-boosted trees grow
   * @param seed seed of the GBT's subsampling
   */
  public record Options(String label, Set<String> excluded, int bins, double minCategoryShare,
      boolean monotone, double regParam, Gbt gbt, long seed) {

    /** The same options for another label. */
    public Options withLabel(String newLabel) {
      return new Options(newLabel, excluded, bins, minCategoryShare, monotone, regParam, gbt,
          seed);
    }
  }

  /**
   * Settings of the gradient-boosted trees.
   *
   * @param iterations trees per model; with {@code selectTrees}, the most trees per model
   * @param depth depth of each tree
   * @param stepSize learning rate (shrinkage of each tree)
   * @param subsamplingRate share of the rows each tree is fitted on
   * @param minInstancesPerNode fewest rows a leaf may hold
   * @param balanced weight the trees' rows by class like the scorecard's ({@code false}: every
   *     row weighs 1, and only the calibration corrects for the bad rate)
   * @param folds 1: one model, fitted on the fit rows and calibrated on the calibration rows;
   *     more: a cross-fitted ensemble of that many (see {@link Trainer#fit})
   * @param featureSubset the features each split of a tree chooses among, drawn anew at every
   *     node: {@code all}, {@code onethird}, {@code sqrt}, {@code log2} of them, or a fraction
   *     such as {@code 0.5} (MLlib's {@code featureSubsetStrategy})
   * @param selectTrees choose the number of trees on held-out rows (see {@link Trainer#fit})
   *     instead of always growing {@code iterations}
   * @param scorecardWeight the scorecard's weight in a blend with the trees
   *     ({@link TrainedModel#blend}), in [0, 1]; empty: chosen on held-out rows among
   *     {@link #BLEND_WEIGHTS} (see {@link Trainer#fit})
   */
  public record Gbt(int iterations, int depth, double stepSize, double subsamplingRate,
      int minInstancesPerNode, boolean balanced, int folds, String featureSubset,
      boolean selectTrees, OptionalDouble scorecardWeight) {

    /** The scorecard weights tried when the weight is chosen: the trees weigh at least half. */
    public static final List<Double> BLEND_WEIGHTS = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5);

    /** Every feature considered at every split. */
    public static final String ALL_FEATURES = "all";

    /** One model, not an ensemble, every feature considered at every split. */
    public Gbt(int iterations, int depth, double stepSize, double subsamplingRate,
        int minInstancesPerNode, boolean balanced) {
      this(iterations, depth, stepSize, subsamplingRate, minInstancesPerNode, balanced, 1);
    }

    /** {@code folds} models, every feature considered at every split. */
    public Gbt(int iterations, int depth, double stepSize, double subsamplingRate,
        int minInstancesPerNode, boolean balanced, int folds) {
      this(iterations, depth, stepSize, subsamplingRate, minInstancesPerNode, balanced, folds,
          ALL_FEATURES);
    }

    /** {@code folds} models of exactly {@code iterations} trees each. */
    public Gbt(int iterations, int depth, double stepSize, double subsamplingRate,
        int minInstancesPerNode, boolean balanced, int folds, String featureSubset) {
      this(iterations, depth, stepSize, subsamplingRate, minInstancesPerNode, balanced, folds,
          featureSubset, false);
    }

    /** Trees alone, not blended with the scorecard. */
    public Gbt(int iterations, int depth, double stepSize, double subsamplingRate,
        int minInstancesPerNode, boolean balanced, int folds, String featureSubset,
        boolean selectTrees) {
      this(iterations, depth, stepSize, subsamplingRate, minInstancesPerNode, balanced, folds,
          featureSubset, selectTrees, OptionalDouble.of(0));
    }
  }

  private Trainer() {}

  /** Fold of a row in a cross-fitted ensemble. */
  static final String FOLD = TrainedModel.HELPER + "fold";

  /**
   * Fits each of {@code kinds} ({@link TrainedModel#SCORECARD}, {@link TrainedModel#GBT}) on
   * {@code rows} (plus {@link DerivedFeatures}) and calibrates it on {@code calibrationRows};
   * both must have a non-null label.
   *
   * <p>With {@link Gbt#folds} {@code K > 1} the trees are cross-fitted instead: the fit and
   * calibration rows together are split into K folds by a seeded hash of {@code loan_id}, and
   * member {@code k} is fitted on the other folds and calibrated (isotonic, as a single model)
   * on fold {@code k}. The model's probability is the mean of its members' calibrated ones.
   * Every row is then fitted on, and every row calibrates a member that never saw it; the
   * average of K trees fitted on different rows varies less than one. The WoE bins (the trees'
   * categorical inputs) and the medians still come from the fit rows alone.
   *
   * <p>With {@link Gbt#selectTrees} the data choose how many trees a model keeps: the first
   * model (the single one, or member 0) grows {@link Gbt#iterations} trees and keeps the first
   * {@code m} of them, where {@code m} gives the lowest log loss (class-weighted like the fit)
   * on its calibration rows, which it was not fitted on; the other members grow {@code m}
   * trees. Those rows then also calibrate it: one number chosen on them, a small reuse.
   *
   * <p>The trees are then blended with the scorecard ({@link Gbt#scorecardWeight}): the GBT
   * model's raw score becomes {@link TrainedModel#blend} of its probability and the scorecard's
   * log-odds. A weight to choose is the one of {@link Gbt#BLEND_WEIGHTS} whose blend has the
   * highest AUC on the calibration rows (the smallest on a tie), where the scorecard was not
   * fitted and an ensemble is scored out of fold. The blend is calibrated there too (isotonic,
   * centred): a single model as before, on its blended score; an ensemble, whose members are
   * calibrated already, on its blended out-of-fold score.
   */
  public static List<TrainedModel> fit(Dataset<Row> rows, Dataset<Row> calibrationRows,
      Options options, List<String> kinds, String name, String version) {
    Dataset<Row> fitRows = DerivedFeatures.add(rows);
    List<ModelFeature> features = ModelFeature.select(fitRows.schema(), options.excluded());
    List<FeatureBins> bins = WoeBinning.fit(fitRows, features, options.label(), options.bins(),
        options.minCategoryShare(), options.monotone());
    Column classWeight = classWeight(fitRows, options.label());
    Dataset<Row> weighted = labelled(fitRows, options).withColumn(WEIGHT, classWeight);

    List<String> woeInputs = TrainedModel.scorecardInputs(bins);
    Dataset<Row> scorecardRows = scorecardPatterns(
        TrainedModel.prepare(weighted, bins, TrainedModel.SCORECARD, Map.of()), woeInputs,
        classWeight).cache();
    LogisticRegression lr = new LogisticRegression()
        .setFeaturesCol(TrainedModel.VECTOR).setLabelCol(Y).setWeightCol(WEIGHT)
        .setRegParam(options.regParam()).setElasticNetParam(0).setMaxIter(100)
        .setLowerBoundsOnCoefficients(Matrices.zeros(1, woeInputs.size()))
        .setProbabilityCol(TrainedModel.HELPER + "probability")
        .setRawPredictionCol(TrainedModel.HELPER + "raw")
        .setPredictionCol(TrainedModel.HELPER + "prediction");
    PipelineModel scorecard = new Pipeline().setStages(new PipelineStage[] {
        assembler(woeInputs), lr}).fit(scorecardRows);
    scorecardRows.unpersist();
    LogisticRegressionModel lrModel = (LogisticRegressionModel) scorecard.stages()[1];
    double[] coefficients = lrModel.coefficients().toArray();
    double intercept = lrModel.intercept();

    List<TrainedModel> models = new ArrayList<>();
    for (String kind : kinds) {
      PipelineModel pipeline;
      Map<String, Double> medians = Map.of();
      if (kind.equals(TrainedModel.SCORECARD)) {
        pipeline = scorecard;
      } else if (kind.equals(TrainedModel.GBT)) {
        medians = medians(fitRows, features);
        if (options.gbt().folds() > 1) {
          TrainedModel ensemble = new TrainedModel(name, version, options.label(), kind, bins,
              coefficients, intercept, medians, crossFitted(fitRows.unionByName(
                  DerivedFeatures.add(calibrationRows)), bins, medians, options),
              identity(calibrationRows));
          double weight = scorecardWeight(ensemble, calibrationRows, options);
          models.add(weight == 0 ? ensemble : ensemble.blended(weight, calibrated(labelled(
              ensemble.blended(weight, ensemble.calibrator()).scoreOutOfFold(calibrationRows,
                  options.seed()), options), kind)));
          continue;
        }
        Dataset<Row> gbtRows = TrainedModel.prepare(weighted, bins, TrainedModel.GBT, medians)
            .cache();
        VectorAssembler assembler = assembler(TrainedModel.gbtInputs(bins));
        GBTClassificationModel gbt = trees(options, options.gbt().iterations(), "",
            options.seed()).fit(assembler.transform(gbtRows));
        if (options.gbt().selectTrees()) {
          Dataset<Row> heldOut = assembler.transform(TrainedModel.prepare(
              labelled(DerivedFeatures.add(calibrationRows), options)
                  .withColumn(WEIGHT, classWeight), bins, TrainedModel.GBT, medians));
          gbt = firstTrees(gbt, lowestLoss(gbt.evaluateEachIteration(heldOut)));
        }
        pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, gbt})
            .fit(gbtRows);
        gbtRows.unpersist();
      } else {
        throw new IllegalArgumentException("Unknown model kind '" + kind + "'");
      }
      TrainedModel uncalibrated = new TrainedModel(name, version, options.label(), kind, bins,
          coefficients, intercept, medians, pipeline, identity(calibrationRows));
      double weight = kind.equals(TrainedModel.GBT)
          ? scorecardWeight(uncalibrated, calibrationRows, options) : 0;
      TrainedModel blended = uncalibrated.blended(weight, uncalibrated.calibrator());
      models.add(blended.blended(weight, calibrated(labelled(
          blended.scoreRaw(calibrationRows), options), kind)));
    }
    return List.copyOf(models);
  }

  /** {@code rows} with their label as the double column {@link #Y} that MLlib fits on. */
  private static Dataset<Row> labelled(Dataset<Row> rows, Options options) {
    return rows.withColumn(Y, col(options.label()).cast("double"));
  }

  /** The centred isotonic calibration of {@link TrainedModel#RAW_SCORE} to {@link #Y}. */
  private static IsotonicRegressionModel calibrated(Dataset<Row> scored, String kind) {
    IsotonicRegressionModel steps = new IsotonicRegression().setIsotonic(true)
        .setFeaturesCol(TrainedModel.RAW_SCORE).setLabelCol(Y)
        .setPredictionCol(TrainedModel.HELPER + "calibrated").fit(scored);
    if (steps.boundaries().size() == 0) {
      throw new IllegalArgumentException("Cannot calibrate the " + kind + " model: no"
          + " calibration rows");
    }
    return centred(steps, scored.sparkSession());
  }

  /**
   * The scorecard's weight in the blend of {@code model} ({@link Gbt#scorecardWeight}): the
   * configured one, or the one of {@link Gbt#BLEND_WEIGHTS} whose blend has the highest AUC
   * on {@code rows} (the calibration rows; an ensemble scored out of fold), the smallest on a
   * tie.
   */
  static double scorecardWeight(TrainedModel model, Dataset<Row> rows, Options options) {
    if (options.gbt().scorecardWeight().isPresent()) {
      return options.gbt().scorecardWeight().getAsDouble();
    }
    Dataset<Row> parts = labelled(model.parts(rows, options.seed()), options).cache();
    double best = 0;
    double bestAuc = Double.NEGATIVE_INFINITY;
    for (double weight : Gbt.BLEND_WEIGHTS) {
      Dataset<Row> blended = parts.withColumn(TrainedModel.RAW_SCORE, TrainedModel.blend(
          col(TrainedModel.OWN_PROBABILITY), col(TrainedModel.SCORECARD_LOG_ODDS), weight));
      double auc = BinaryMetrics.summary(blended, TrainedModel.RAW_SCORE,
          TrainedModel.RAW_SCORE, Y).auc();
      if (auc > bestAuc) {
        best = weight;
        bestAuc = auc;
      }
    }
    parts.unpersist();
    return best;
  }

  /**
   * The pipeline of a cross-fitted ensemble (see {@link #fit}): the assembler, then for each
   * member {@code k} its trees (probability column {@code _m_probability_k}) and its centred
   * isotonic calibration ({@code _m_member_k}).
   */
  private static PipelineModel crossFitted(Dataset<Row> rows, List<FeatureBins> bins,
      Map<String, Double> medians, Options options) {
    int folds = options.gbt().folds();
    VectorAssembler assembler = assembler(TrainedModel.gbtInputs(bins));
    Dataset<Row> prepared = TrainedModel.prepare(labelled(rows, options)
        .withColumn(WEIGHT, classWeight(rows, options.label())), bins, TrainedModel.GBT,
        medians);
    Dataset<Row> assembled = assembler.transform(prepared)
        .withColumn(FOLD, fold(folds, options.seed()))
        .cache();
    List<PipelineStage> stages = new ArrayList<>(List.of(assembler));
    int treeCount = options.gbt().iterations();
    for (int k = 0; k < folds; k++) {
      Dataset<Row> own = assembled.filter(col(FOLD).equalTo(k));
      GBTClassificationModel member = trees(options, treeCount, "_" + k, options.seed() + k)
          .fit(assembled.filter(col(FOLD).notEqual(k)));
      if (k == 0 && options.gbt().selectTrees()) {
        treeCount = lowestLoss(member.evaluateEachIteration(own));
        member = firstTrees(member, treeCount);
      }
      IsotonicRegressionModel steps = new IsotonicRegression().setIsotonic(true)
          .setFeaturesCol(member.getProbabilityCol()).setFeatureIndex(1).setLabelCol(Y)
          .setPredictionCol(TrainedModel.member(k)).fit(member.transform(own));
      if (steps.boundaries().size() == 0) {
        throw new IllegalArgumentException("Cannot calibrate member " + k + " of the gbt"
            + " ensemble: its fold has no rows (train.gbt.folds = " + folds + " is more than"
            + " the training loans allow)");
      }
      stages.add(member);
      stages.add(centred(steps, rows.sparkSession()));
    }
    PipelineModel pipeline = new Pipeline().setStages(stages.toArray(PipelineStage[]::new))
        .fit(prepared);
    assembled.unpersist();
    return pipeline;
  }

  /**
   * The class weight of a row of {@code rows}, read from {@link #Y}: a bad weighs
   * {@code n / (2 bads)}, a good {@code n / (2 goods)}, so that both classes weigh the same in
   * total (one Spark job counts them).
   */
  private static Column classWeight(Dataset<Row> rows, String label) {
    Row counts = rows.agg(count(lit(1)), sum(col(label).cast("double"))).first();
    double n = counts.getLong(0);
    double bads = counts.getDouble(1);
    return when(col(Y).equalTo(1.0), lit(n / (2 * bads))).otherwise(lit(n / (2 * (n - bads))));
  }

  /**
   * The fold, of {@code folds}, of each row: a seeded hash of its loan, so that a loan's
   * snapshots are all in one fold.
   */
  static Column fold(int folds, long seed) {
    return pmod(xxhash64(col("loan_id"), lit(seed), lit("fold")), lit(folds)).cast("int");
  }

  /**
   * The number of trees to keep: the first {@code m} with the lowest of {@code losses} (the
   * held-out loss after each tree, as {@link GBTClassificationModel#evaluateEachIteration}
   * gives it), the fewest on a tie.
   */
  static int lowestLoss(double[] losses) {
    if (losses.length == 0) {
      throw new IllegalArgumentException("No losses to choose a number of trees from");
    }
    int best = 0;
    for (int i = 1; i < losses.length; i++) {
      if (losses[i] < losses[best]) {
        best = i;
      }
    }
    return best + 1;
  }

  /** {@code model} cut to its first {@code count} trees, with all its settings. */
  static GBTClassificationModel firstTrees(GBTClassificationModel model, int count) {
    if (count == model.getNumTrees()) {
      return model;
    }
    GBTClassificationModel cut = new GBTClassificationModel(model.uid(),
        Arrays.copyOf(model.trees(), count), Arrays.copyOf(model.treeWeights(), count),
        model.numFeatures(), model.numClasses());
    return cut.copy(model.extractParamMap());
  }

  /** Gradient-boosted trees of {@code options}, {@code iterations} of them, outputs suffixed. */
  private static GBTClassifier trees(Options options, int iterations, String suffix, long seed) {
    GBTClassifier gbt = new GBTClassifier()
        .setFeaturesCol(TrainedModel.VECTOR).setLabelCol(Y)
        .setMaxIter(iterations).setMaxDepth(options.gbt().depth())
        .setStepSize(options.gbt().stepSize())
        .setSubsamplingRate(options.gbt().subsamplingRate())
        .setMinInstancesPerNode(options.gbt().minInstancesPerNode()).setSeed(seed)
        .setFeatureSubsetStrategy(options.gbt().featureSubset())
        .setProbabilityCol(TrainedModel.HELPER + "probability" + suffix)
        .setRawPredictionCol(TrainedModel.HELPER + "raw" + suffix)
        .setPredictionCol(TrainedModel.HELPER + "prediction" + suffix);
    if (options.gbt().balanced()) {
      gbt.setWeightCol(WEIGHT);
    }
    return gbt;
  }

  /**
   * The scorecard's training rows folded into their distinct patterns: one row per combination
   * of weight-of-evidence values and label, weighted by the rows it stands for ({@code count x}
   * the class weight, exact), in one partition sorted by the pattern. The logistic regression's
   * likelihood is a weighted sum over rows, so the fit is the same as on the rows themselves;
   * what this buys is determinism. MLlib sums each partition's gradient and merges the partial
   * sums in the order tasks finish, so on more than one partition the coefficients differ in
   * their last bits between runs, and between a local run and a cluster. On one partition in a
   * fixed order the sums are always added in the same order. Binned features repeat, so the
   * patterns are fewer than the rows and the one task stays small.
   */
  static Dataset<Row> scorecardPatterns(Dataset<Row> prepared, List<String> woeInputs,
      Column classWeight) {
    Column[] keys = Stream.concat(woeInputs.stream(), Stream.of(Y))
        .map(functions::col).toArray(Column[]::new);
    return prepared.groupBy(keys).agg(count(lit(1)).as(PATTERN_ROWS))
        .withColumn(WEIGHT, col(PATTERN_ROWS).cast("double").multiply(classWeight))
        .repartition(1).sortWithinPartitions(keys);
  }

  private static VectorAssembler assembler(List<String> inputs) {
    return new VectorAssembler().setInputCols(inputs.toArray(String[]::new))
        .setOutputCol(TrainedModel.VECTOR).setHandleInvalid("keep");
  }

  /**
   * Centred isotonic regression: each flat step of {@code steps} (a run of equal predictions)
   * becomes one point, the middle of its score range at its value, and the calibration
   * interpolates linearly between consecutive points. The steps' order is kept, but scores
   * inside a step are no longer tied, so ranking metrics (AUC, KS) of the calibrated
   * probability are those of the raw score except in the outer half steps. Built by fitting the
   * isotonic regression again on those points, which are already increasing (one per step, so
   * the driver holds no more than the fitted model already does).
   */
  static IsotonicRegressionModel centred(IsotonicRegressionModel steps, SparkSession spark) {
    double[] x = steps.boundaries().toArray();
    double[] y = steps.predictions().toArray();
    List<Row> points = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= x.length; i++) {
      if (i == x.length || y[i] != y[start]) {
        points.add(RowFactory.create((x[start] + x[i - 1]) / 2, y[start]));
        start = i;
      }
    }
    StructType schema = new StructType().add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    return new IsotonicRegression().setIsotonic(true).setFeaturesCol("x").setLabelCol("y")
        .setPredictionCol(steps.getPredictionCol())
        .fit(spark.createDataFrame(points, schema))
        .setFeaturesCol(steps.getFeaturesCol()).setFeatureIndex(steps.getFeatureIndex());
  }

  /** The identity calibration (raw probability unchanged), to score before calibrating. */
  private static IsotonicRegressionModel identity(Dataset<Row> any) {
    Dataset<Row> line = any.sparkSession().range(2).selectExpr("cast(id as double) as x",
        "cast(id as double) as y");
    return new IsotonicRegression().setFeaturesCol("x").setLabelCol("y")
        .setPredictionCol(TrainedModel.HELPER + "calibrated").fit(line)
        .setFeaturesCol(TrainedModel.RAW_SCORE);
  }

  /**
   * Approximate training median of each numeric feature (0 when all values are null, where the
   * quantile comes back NaN).
   */
  static Map<String, Double> medians(Dataset<Row> rows, List<ModelFeature> features) {
    List<ModelFeature> numeric = features.stream().filter(f -> !f.categorical()).toList();
    Map<String, Double> result = new HashMap<>();
    if (numeric.isEmpty()) {
      return result;
    }
    String[] names = numeric.stream().map(f -> "_q_" + f.name()).toArray(String[]::new);
    double[][] q = rows.select(numeric.stream().map(f -> col(f.name()).cast("double")
            .as("_q_" + f.name())).toArray(org.apache.spark.sql.Column[]::new))
        .stat().approxQuantile(names, new double[] {0.5}, 0.001);
    for (int i = 0; i < numeric.size(); i++) {
      double median = q[i] == null || q[i].length == 0 ? 0.0 : q[i][0];
      result.put(numeric.get(i).name(), Double.isFinite(median) ? median : 0.0);
    }
    return result;
  }
}
