package com.visitrank.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The bins of one feature and the weight of evidence (WoE) of each, as fitted on training rows.
 *
 * <p>Numeric feature: bin {@code i} holds values {@code <= upper[i]} (and above
 * {@code upper[i-1]}); the last bin, {@code upper.length}, holds values above every bound.
 * Categorical feature: bin {@code i} is {@code categories[i]}; the last bin,
 * {@code categories.size()}, holds every other value (rare in training, or unseen). A null value
 * goes to the missing bin, which has its own WoE ({@code 0}, the population's, when training had no
 * missing values).
 *
 * <p>WoE of a bin = ln((bad + 0.5) / B) - ln((good + 0.5) / G), with B and G the training's bad
 * and good totals: positive means riskier than the population.
 *
 * @param feature the column
 * @param upper upper bounds of the numeric bins (empty for categorical features)
 * @param categories the categories with their own bin (empty for numeric features)
 * @param woe WoE per bin, {@code upper.length + 1} or {@code categories.size() + 1} values
 * @param missingWoe WoE of a null value
 * @param bads bad rows per bin in training
 * @param totals rows per bin in training
 * @param missingBads bad rows with a null value
 * @param missingTotal rows with a null value
 */
public record FeatureBins(ModelFeature feature, double[] upper, List<String> categories,
    double[] woe, double missingWoe, long[] bads, long[] totals, long missingBads,
    long missingTotal) implements Serializable {

  /** Bin index of a null value. */
  public static final int MISSING = -1;

  public String name() {
    return feature.name();
  }

  /** Number of bins besides the missing bin. */
  public int size() {
    return woe.length;
  }

  /** The bin index of each row ({@link #MISSING} for null), an int column. */
  public Column bin() {
    return byBin(i -> lit(i), lit(MISSING));
  }

  /** The WoE of each row's bin, a double column. */
  public Column woeColumn() {
    return byBin(i -> lit(woe[i]), lit(missingWoe));
  }

  /** A value per bin (from {@code perBin}) chosen by the row's value; {@code missing} for null. */
  public Column byBin(java.util.function.IntFunction<Column> perBin, Column missing) {
    Column value = col(name());
    Column result = when(value.isNull(), missing);
    if (feature.categorical()) {
      for (int i = 0; i < categories.size(); i++) {
        result = result.when(value.equalTo(lit(categories.get(i))), perBin.apply(i));
      }
      return result.otherwise(perBin.apply(categories.size()));
    }
    Column number = value.cast("double");
    for (int i = 0; i < upper.length; i++) {
      result = result.when(number.leq(lit(upper[i])), perBin.apply(i));
    }
    return result.otherwise(perBin.apply(upper.length));
  }

  /** A readable name of bin {@code i}: {@code (3.0, 7.0]}, {@code farmer} or {@code missing}. */
  public String label(int i) {
    if (i == MISSING) {
      return "missing";
    }
    if (feature.categorical()) {
      return i < categories.size() ? categories.get(i) : "other";
    }
    String low = i == 0 ? "-inf" : String.valueOf(upper[i - 1]);
    String high = i == upper.length ? "+inf" : String.valueOf(upper[i]);
    return "(" + low + ", " + high + "]";
  }
}
