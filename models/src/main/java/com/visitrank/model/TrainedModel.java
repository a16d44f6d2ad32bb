package com.visitrank.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.ml.functions.vector_to_array;

import com.visitrank.sql.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A fitted delinquency model: the scorecard's WoE bins and points (always, for reason codes),
 * the fitted MLlib pipeline of the chosen kind (the scorecard's logistic regression on WoE, or
 * gradient-boosted trees on imputed values with missing indicators, or a cross-fitted ensemble
 * of such trees, each calibrated), the weight of the scorecard in a blend with the trees, and
 * the isotonic calibration of its raw score (the identity for an unblended ensemble, whose
 * members are calibrated already).
 *
 * @param name registry name
 * @param version registry version
 * @param label the label column it predicts
 * @param kind {@link #SCORECARD} or {@link #GBT}
 * @param bins WoE bins of every input feature
 * @param coefficients the scorecard's coefficient of each feature (order of {@code bins})
 * @param intercept the scorecard's intercept
 * @param medians training median of each numeric feature (GBT imputation)
 * @param pipeline the fitted MLlib pipeline of {@code kind}
 * @param calibrator isotonic map from the raw probability to the calibrated one
 * @param scorecardWeight for {@link #GBT}: the weight w of the scorecard in the raw score, which
 *     is the logistic of w times the scorecard's log-odds plus 1 - w times the trees' log-odds
 *     (see {@link #blend}); 0 = the trees alone, and always 0 for the scorecard itself
 */
public record TrainedModel(String name, String version, String label, String kind,
    List<FeatureBins> bins, double[] coefficients, double intercept, Map<String, Double> medians,
    PipelineModel pipeline, IsotonicRegressionModel calibrator, double scorecardWeight)
    implements Scorer {

  /** The logistic-regression scorecard on WoE. */
  public static final String SCORECARD = "scorecard";

  /** MLlib gradient-boosted trees. */
  public static final String GBT = "gbt";

  /** The uncalibrated probability of the fitted pipeline (kept by {@link #scoreRaw}). */
  public static final String RAW_SCORE = "raw_score";

  /** Vector column assembled for the pipeline. */
  static final String VECTOR = "_features";

  /** Prefix of every helper column, dropped after scoring. */
  static final String HELPER = "_m_";

  /** Probabilities are kept this far from 0 and 1 before taking their log-odds. */
  static final double BLEND_CLIP = 1e-6;

  /** The probability of the pipeline alone, in {@link #parts}. */
  static final String OWN_PROBABILITY = HELPER + "own_probability";

  /** The scorecard's log-odds, in {@link #parts}. */
  static final String SCORECARD_LOG_ODDS = HELPER + "scorecard_log_odds";

  /** A model of {@code kind} that is not a blend (its scorecard weight is 0). */
  public TrainedModel(String name, String version, String label, String kind,
      List<FeatureBins> bins, double[] coefficients, double intercept,
      Map<String, Double> medians, PipelineModel pipeline, IsotonicRegressionModel calibrator) {
    this(name, version, label, kind, bins, coefficients, intercept, medians, pipeline,
        calibrator, 0);
  }

  /** The input features, in order (derived ones included). */
  public List<ModelFeature> features() {
    return bins.stream().map(FeatureBins::feature).toList();
  }

  /** The columns scoring needs: the input features except those it derives itself. */
  public List<ModelFeature> requiredColumns() {
    return features().stream().filter(f -> !DerivedFeatures.NAMES.contains(f.name())).toList();
  }

  /** A copy under another registry version. */
  public TrainedModel withVersion(String newVersion) {
    return new TrainedModel(name, newVersion, label, kind, bins, coefficients, intercept,
        medians, pipeline, calibrator, scorecardWeight);
  }

  /** A copy with another scorecard weight and calibration (see {@link Trainer#fit}). */
  TrainedModel blended(double weight, IsotonicRegressionModel newCalibrator) {
    return new TrainedModel(name, version, label, kind, bins, coefficients, intercept,
        medians, pipeline, newCalibrator, weight);
  }

  @Override
  public Dataset<Row> score(Dataset<Row> features) {
    return scoreRaw(features).drop(RAW_SCORE);
  }

  /** Like {@link #score}, also keeping the uncalibrated {@link #RAW_SCORE} (for metrics). */
  public Dataset<Row> scoreRaw(Dataset<Row> features) {
    List<String> given = List.of(features.columns());
    Dataset<Row> df = prepare(DerivedFeatures.add(features), bins, kind, medians);
    df = pipeline.transform(df).withColumn(RAW_SCORE, rawScore());
    df = calibrator.transform(df);
    df = df.withColumn(PROBABILITY, col(HELPER + "calibrated"))
        .withColumn(REASON_CODES, ReasonCodes.column(bins, coefficients));
    List<String> helpers = new ArrayList<>();
    for (String column : df.columns()) {
      if (column.startsWith(HELPER) || column.equals(VECTOR)
          || DerivedFeatures.NAMES.contains(column) && !given.contains(column)) {
        helpers.add(column);
      }
    }
    return df.drop(helpers.toArray(String[]::new));
  }

  /**
   * Like {@link #scoreRaw}, on rows the model was trained on: for a cross-fitted ensemble,
   * each row's {@link #RAW_SCORE} is the calibrated probability of the member that was not
   * fitted on it ({@code seed} is the training's, {@code train.seed}), blended with the
   * scorecard by {@link #scorecardWeight}, so that its metrics are out of fold, and its
   * {@link #PROBABILITY} is that score calibrated (the same value for an unblended ensemble,
   * whose calibration is the identity); a single model's are its {@link #scoreRaw}.
   */
  public Dataset<Row> scoreOutOfFold(Dataset<Row> features, long seed) {
    if (members() == 0) {
      return scoreRaw(features);
    }
    List<String> given = List.of(features.columns());
    Dataset<Row> df = parts(features, seed).withColumn(RAW_SCORE,
        blend(col(OWN_PROBABILITY), col(SCORECARD_LOG_ODDS), scorecardWeight));
    return calibrator.transform(df).withColumn(PROBABILITY, col(HELPER + "calibrated"))
        .select(Stream.concat(given.stream(), Stream.of(RAW_SCORE, PROBABILITY))
            .map(functions::col).toArray(Column[]::new));
  }

  /**
   * The two parts of the raw score of each row of {@code features}, besides its own columns:
   * {@link #OWN_PROBABILITY}, the pipeline's probability (for an ensemble the calibrated one of
   * the member not fitted on the row, as in {@link #scoreOutOfFold}), and
   * {@link #SCORECARD_LOG_ODDS}, the scorecard's intercept plus each feature's WoE times its
   * coefficient.
   */
  Dataset<Row> parts(Dataset<Row> features, long seed) {
    int members = members();
    Column own = ownProbability();
    if (members > 0) {
      Column[] scores = new Column[members];
      for (int k = 0; k < members; k++) {
        scores[k] = col(member(k));
      }
      own = element_at(array(scores), Trainer.fold(members, seed).plus(1));
    }
    Dataset<Row> df = pipeline.transform(prepare(DerivedFeatures.add(features), bins, kind,
        medians));
    return df.withColumn(OWN_PROBABILITY, own).withColumn(SCORECARD_LOG_ODDS, scorecardLogOdds())
        .select(Stream.concat(Stream.of(features.columns()), Stream.of(OWN_PROBABILITY,
            SCORECARD_LOG_ODDS)).map(functions::col).toArray(Column[]::new));
  }

  /**
   * The raw score of a blend: the logistic of {@code weight} times {@code logOdds} plus
   * {@code 1 - weight} times the log-odds of {@code probability} (kept within
   * {@link #BLEND_CLIP} of 0 and 1); {@code probability} itself when {@code weight} is 0.
   */
  public static Column blend(Column probability, Column logOdds, double weight) {
    if (weight == 0) {
      return probability;
    }
    Column p = greatest(lit(BLEND_CLIP), least(lit(1 - BLEND_CLIP), probability));
    Column z = logOdds.multiply(weight)
        .plus(log(p.divide(lit(1).minus(p))).multiply(1 - weight));
    return lit(1.0).divide(lit(1.0).plus(exp(z.unary_$minus())));
  }

  /** The scorecard's log-odds from the WoE helper columns that {@link #prepare} adds. */
  private Column scorecardLogOdds() {
    Column logOdds = lit(intercept);
    for (int i = 0; i < bins.size(); i++) {
      logOdds = logOdds.plus(col(HELPER + "woe_" + bins.get(i).name())
          .multiply(coefficients[i]));
    }
    return logOdds;
  }

  /** Members of a cross-fitted ensemble ({@link Trainer#fit}); 0 for a single model. */
  public int members() {
    return (int) Arrays.stream(pipeline.stages())
        .filter(stage -> stage instanceof IsotonicRegressionModel).count();
  }

  /**
   * Trees of each gradient-boosted model in the pipeline: one count for a single model, one
   * per member of an ensemble, none for the scorecard.
   */
  public List<Integer> trees() {
    return Arrays.stream(pipeline.stages())
        .filter(stage -> stage instanceof GBTClassificationModel)
        .map(stage -> ((GBTClassificationModel) stage).getNumTrees()).toList();
  }

  /** The calibrated probability column of member {@code k} of an ensemble. */
  static String member(int k) {
    return HELPER + "member_" + k;
  }

  /**
   * The raw score: the pipeline's probability ({@link #ownProbability}), blended with the
   * scorecard's log-odds by {@link #scorecardWeight}.
   */
  private Column rawScore() {
    return blend(ownProbability(), scorecardLogOdds(), scorecardWeight);
  }

  /**
   * The pipeline's probability: of its one classifier, or the mean of an ensemble's members'
   * calibrated probabilities.
   */
  private Column ownProbability() {
    int members = members();
    if (members == 0) {
      return vector_to_array(col(HELPER + "probability"), "float64").getItem(1);
    }
    Column sum = lit(0.0);
    for (int k = 0; k < members; k++) {
      sum = sum.plus(col(member(k)));
    }
    return sum.divide(members);
  }

  /** The scorecard's inputs: one WoE column per feature. */
  public static List<String> scorecardInputs(List<FeatureBins> bins) {
    return bins.stream().map(b -> HELPER + "woe_" + b.name()).toList();
  }

  /**
   * The trees' inputs: each numeric feature with nulls replaced by its training median, plus a
   * 0/1 missing indicator when training had nulls; each categorical feature as its WoE.
   */
  public static List<String> gbtInputs(List<FeatureBins> bins) {
    List<String> inputs = new ArrayList<>();
    for (FeatureBins b : bins) {
      if (b.feature().categorical()) {
        inputs.add(HELPER + "woe_" + b.name());
      } else {
        inputs.add(HELPER + "num_" + b.name());
        if (b.missingTotal() > 0) {
          inputs.add(HELPER + "nul_" + b.name());
        }
      }
    }
    return inputs;
  }

  /** Adds the helper input columns the pipeline of {@code kind} reads. */
  public static Dataset<Row> prepare(Dataset<Row> features, List<FeatureBins> bins, String kind,
      Map<String, Double> medians) {
    // One batch, analysed once (see Columns): a withColumn per input cost 1.8-3.0 s per scoring.
    Map<String, Column> inputs = new LinkedHashMap<>();
    for (FeatureBins b : bins) {
      inputs.put(HELPER + "woe_" + b.name(), b.woeColumn());
      if (kind.equals(GBT) && !b.feature().categorical()) {
        inputs.put(HELPER + "num_" + b.name(), coalesce(col(b.name()).cast("double"),
            lit(medians.getOrDefault(b.name(), 0.0))));
        if (b.missingTotal() > 0) {
          inputs.put(HELPER + "nul_" + b.name(), col(b.name()).isNull().cast("double"));
        }
      }
    }
    return Columns.with(features, inputs);
  }
}
