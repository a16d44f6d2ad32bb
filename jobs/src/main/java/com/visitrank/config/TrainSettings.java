package com.visitrank.config;

import com.visitrank.model.TrainedModel;
import com.visitrank.model.Trainer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Settings of the {@code train} job.
 *
 * @param modelName registry name ({@code models/<name>/})
 * @param label label column of {@code features/loans}
 * @param population {@code overdue} (loans past due at T) or {@code all}
 * @param windowMonths matured month ends to fit on
 * @param validationMonths latest matured month ends to validate on, out of time
 * @param calibrationShare share of the training loans held out to calibrate on
 * @param candidates model kinds to fit
 * @param championMargin AUC by which a new model must beat the champion to replace it
 * @param minAuc validation AUC below which a model never becomes champion
 * @param options how the candidates are fitted
 */
public record TrainSettings(String modelName, String label, String population, int windowMonths,
    int validationMonths, double calibrationShare, List<String> candidates,
    double championMargin, double minAuc, Trainer.Options options) {

  /** {@code train.population}: loans past due at T. */
  public static final String OVERDUE = "overdue";

  /** {@code train.population}: every active loan. */
  public static final String ALL = "all";

  /** {@code train.gbt.class-weights}: the trees' rows weighted by class like the scorecard's. */
  public static final String BALANCED = "balanced";

  /** {@code train.gbt.scorecard-weight}: chosen on held-out rows. */
  public static final String AUTO = "auto";

  /** The named values of {@code train.gbt.feature-subset}; a fraction in (0, 1] is also valid. */
  public static final List<String> FEATURE_SUBSETS = List.of(Trainer.Gbt.ALL_FEATURES,
      "onethird", "sqrt", "log2");

  public static TrainSettings read(ConfigReader r) {
    String name = r.nonEmptyString("train.model-name");
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigError("train.model-name", r.origin("train.model-name"),
          "may only hold letters, digits, '_' and '-', got '" + name + "'");
    }
    String label = r.nonEmptyString("train.label");
    if (!label.startsWith("label_")) {
      throw new ConfigError("train.label", r.origin("train.label"),
          "must name a label column of features/loans (label_...), got '" + label + "'");
    }
    String population = r.string("train.population");
    if (!population.equals(OVERDUE) && !population.equals(ALL)) {
      throw new ConfigError("train.population", r.origin("train.population"),
          "must be overdue or all, got '" + population + "'");
    }
    List<String> candidates = Arrays.stream(r.nonEmptyString("train.candidates").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    for (String kind : candidates) {
      if (!kind.equals(TrainedModel.SCORECARD) && !kind.equals(TrainedModel.GBT)) {
        throw new ConfigError("train.candidates", r.origin("train.candidates"),
            "must be a comma-separated list of scorecard and gbt, got '" + kind + "'");
      }
    }
    Set<String> excluded = new LinkedHashSet<>(Arrays.stream(r.string("train.exclude")
        .split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    return new TrainSettings(name, label, population,
        r.integer("train.window-months", 1, 120),
        r.integer("train.validation-months", 1, 24),
        r.number("train.calibration-share", 0.05, 0.5),
        candidates,
        r.number("train.champion-margin", 0, 1),
        r.number("train.min-auc", 0, 1),
        new Trainer.Options(label, Set.copyOf(excluded),
            r.integer("train.scorecard.bins", 2, 100),
            r.number("train.scorecard.min-category-share", 0, 0.5),
            r.bool("train.scorecard.monotone"),
            r.number("train.scorecard.reg-param", 0, 100),
            new Trainer.Gbt(r.integer("train.gbt.iterations", 1, 1000),
                r.integer("train.gbt.depth", 1, 15),
                r.number("train.gbt.step-size", 0.001, 1),
                r.number("train.gbt.subsampling-rate", 0.1, 1),
                r.integer("train.gbt.min-instances-per-node", 1, 100_000),
                r.oneOf("train.gbt.class-weights", List.of(BALANCED, "none")).equals(BALANCED),
                r.integer("train.gbt.folds", 1, 20), featureSubset(r),
                r.bool("train.gbt.select-trees"), scorecardWeight(r)),
            r.wholeNumber("train.seed", Long.MIN_VALUE, Long.MAX_VALUE)));
  }

  /**
   * {@code train.gbt.scorecard-weight}: {@link #AUTO} (empty: chosen on held-out rows) or a
   * weight from 0 to 1.
   */
  static OptionalDouble scorecardWeight(ConfigReader r) {
    String key = "train.gbt.scorecard-weight";
    String value = r.string(key).trim();
    if (value.equals(AUTO)) {
      return OptionalDouble.empty();
    }
    if (value.matches("[01]|0?\\.\\d+|1\\.0+")) {
      return OptionalDouble.of(Double.parseDouble(value));
    }
    throw new ConfigError(key, r.origin(key), "must be " + AUTO + " (chosen on held-out rows)"
        + " or a weight from 0 to 1 such as 0.2 (0: the trees alone), got '" + value + "'");
  }

  /**
   * {@code train.gbt.feature-subset}: one of {@link #FEATURE_SUBSETS}, or a fraction in (0, 1]
   * of the features, written as a decimal ({@code 0.5}).
   */
  static String featureSubset(ConfigReader r) {
    String key = "train.gbt.feature-subset";
    String value = r.string(key).trim();
    if (FEATURE_SUBSETS.contains(value) || value.matches("0?\\.\\d*[1-9]\\d*|1\\.0+")) {
      return value;
    }
    throw new ConfigError(key, r.origin(key), "must be one of " + String.join(", ",
        FEATURE_SUBSETS) + ", or a fraction of the features in (0, 1] such as 0.5, got '"
        + value + "'");
  }
}
