package com.visitrank.model;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Quantile binning with weight of evidence, the scorecard's first stage. Numeric features are cut
 * at training quantiles, then adjacent bins are pooled until the bad rate is monotone in the value
 * (increasing or decreasing, whichever the data's trend is), so that "more days past due" can never
 * lower the score; categorical features get one bin per category holding at least
 * {@code minShare} of the rows, and one for all others. Nulls always have a bin of their own.
 *
 * <p>{@link #fit} runs two Spark aggregations (quantiles, then counts per feature and bin) whose
 * results are as small as the number of bins; the rest is plain arithmetic.
 */
public final class WoeBinning {

  /** Categorical columns with more distinct values than this are not used. */
  public static final int MAX_CATEGORIES = 200;

  /** Smoothing added to a bin's bad and good counts. */
  static final double SMOOTHING = 0.5;

  private WoeBinning() {}

  /**
   * Fits bins and WoE of {@code features} on {@code rows}.
   *
   * @param label a 0/1 (or boolean) column, never null in {@code rows}
   * @param bins quantile bins per numeric feature before pooling
   * @param minShare smallest share of rows a category needs for its own bin
   * @param monotone pool numeric bins until the bad rate is monotone
   */
  public static List<FeatureBins> fit(Dataset<Row> rows, List<ModelFeature> features,
      String label, int bins, double minShare, boolean monotone) {
    Dataset<Row> data = rows.withColumn("_y", col(label).cast("double"));
    Map<String, double[]> uppers = quantileBounds(data, features, bins);
    List<ModelFeature> usable = new ArrayList<>();
    List<ModelFeature> categorical = features.stream().filter(ModelFeature::categorical).toList();
    Map<String, Long> distinct = new HashMap<>();
    if (!categorical.isEmpty()) {
      Row counts = data.agg(approx_count_distinct(col(categorical.get(0).name())),
          categorical.stream().skip(1).map(f -> approx_count_distinct(col(f.name())))
              .toArray(Column[]::new)).first();
      for (int i = 0; i < categorical.size(); i++) {
        distinct.put(categorical.get(i).name(), counts.getLong(i));
      }
    }
    for (ModelFeature f : features) {
      if (!f.categorical() || distinct.get(f.name()) <= MAX_CATEGORIES) {
        usable.add(f);
      }
    }
    List<Column> keys = new ArrayList<>();
    for (ModelFeature f : usable) {
      Column key;
      if (f.categorical()) {
        key = col(f.name());
      } else {
        FeatureBins raw = new FeatureBins(f, uppers.get(f.name()), List.of(),
            new double[uppers.get(f.name()).length + 1], 0, null, null, 0, 0);
        key = raw.bin().cast("string");
      }
      keys.add(struct(lit(f.name()).as("f"), when(col(f.name()).isNull(), lit(null))
          .otherwise(key).as("k")));
    }
    List<Row> counts = data.select(explode(array(keys.toArray(Column[]::new))).as("fk"),
            col("_y"))
        .groupBy(col("fk.f"), col("fk.k"))
        .agg(count(lit(1)).as("n"), sum("_y").as("bad"))
        .collectAsList();
    Row totals = data.agg(count(lit(1)), sum("_y")).first();
    long total = totals.getLong(0);
    long bad = totals.isNullAt(1) ? 0 : Math.round(totals.getDouble(1));
    if (bad == 0 || bad == total) {
      throw new IllegalArgumentException("Cannot fit WoE bins: the label " + label
          + " has one class only in " + total + " training rows");
    }
    Map<String, Map<String, long[]>> byFeature = new HashMap<>();
    for (Row r : counts) {
      byFeature.computeIfAbsent(r.getString(0), k -> new HashMap<>())
          .put(r.isNullAt(1) ? null : r.getString(1),
              new long[] {Math.round(r.getDouble(3)), r.getLong(2)});
    }
    List<FeatureBins> result = new ArrayList<>();
    for (ModelFeature f : usable) {
      Map<String, long[]> cells = byFeature.getOrDefault(f.name(), Map.of());
      long[] missing = cells.getOrDefault(null, new long[2]);
      if (f.categorical()) {
        List<String> values = new ArrayList<>();
        List<long[]> cellList = new ArrayList<>();
        long[] other = new long[2];
        for (String value : new TreeSet<>(cells.keySet().stream()
            .filter(java.util.Objects::nonNull).toList())) {
          long[] cell = cells.get(value);
          if (cell[1] >= minShare * total) {
            values.add(value);
            cellList.add(cell);
          } else {
            other[0] += cell[0];
            other[1] += cell[1];
          }
        }
        cellList.add(other);
        result.add(categoricalBins(f, values, column(cellList, 0), column(cellList, 1),
            missing[0], missing[1], bad, total - bad));
      } else {
        double[] upper = uppers.get(f.name());
        long[] bads = new long[upper.length + 1];
        long[] sizes = new long[upper.length + 1];
        for (int i = 0; i <= upper.length; i++) {
          long[] cell = cells.getOrDefault(String.valueOf(i), new long[2]);
          bads[i] = cell[0];
          sizes[i] = cell[1];
        }
        result.add(numericBins(f, upper, bads, sizes, missing[0], missing[1], bad, total - bad,
            monotone));
      }
    }
    return List.copyOf(result);
  }

  private static long[] column(List<long[]> cells, int index) {
    return cells.stream().mapToLong(c -> c[index]).toArray();
  }

  /** Distinct quantile cut points of every numeric feature (nulls ignored). */
  private static Map<String, double[]> quantileBounds(Dataset<Row> data,
      List<ModelFeature> features, int bins) {
    List<ModelFeature> numeric = features.stream().filter(f -> !f.categorical()).toList();
    Map<String, double[]> result = new HashMap<>();
    if (numeric.isEmpty()) {
      return result;
    }
    double[] probabilities = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      probabilities[i - 1] = (double) i / bins;
    }
    String[] names = numeric.stream().map(f -> "_q_" + f.name()).toArray(String[]::new);
    Dataset<Row> doubles = data.select(numeric.stream()
        .map(f -> col(f.name()).cast("double").as("_q_" + f.name())).toArray(Column[]::new));
    double[][] quantiles = doubles.stat().approxQuantile(names, probabilities, 0.001);
    for (int i = 0; i < numeric.size(); i++) {
      double[] q = quantiles[i] == null ? new double[0] : quantiles[i];
      result.put(numeric.get(i).name(), Arrays.stream(q).filter(Double::isFinite).distinct()
          .sorted().toArray());
    }
    return result;
  }

  /**
   * Numeric bins from their counts; with {@code monotone}, adjacent bins are pooled (pool-adjacent
   * violators) until the bad rate only rises, or only falls, with the value, whichever direction
   * the count-weighted trend of the raw bins has. Empty bins are pooled into their neighbour.
   */
  public static FeatureBins numericBins(ModelFeature feature, double[] upper, long[] bads,
      long[] totals, long missingBads, long missingTotal, long totalBad, long totalGood,
      boolean monotone) {
    List<long[]> blocks = new ArrayList<>();
    for (int i = 0; i < totals.length; i++) {
      blocks.add(new long[] {bads[i], totals[i], i});
    }
    blocks.removeIf(b -> b[1] == 0);
    if (blocks.isEmpty()) {
      blocks.add(new long[] {0, 0, totals.length - 1});
    }
    blocks.get(blocks.size() - 1)[2] = totals.length - 1;
    if (monotone) {
      boolean rising = trend(blocks) >= 0;
      List<long[]> stack = new ArrayList<>();
      for (long[] block : blocks) {
        stack.add(block.clone());
        while (stack.size() >= 2) {
          long[] last = stack.get(stack.size() - 1);
          long[] previous = stack.get(stack.size() - 2);
          double a = rate(previous);
          double b = rate(last);
          if (rising ? a <= b : a >= b) {
            break;
          }
          previous[0] += last[0];
          previous[1] += last[1];
          previous[2] = last[2];
          stack.remove(stack.size() - 1);
        }
      }
      blocks.clear();
      blocks.addAll(stack);
    }
    double[] newUpper = new double[blocks.size() - 1];
    long[] newBads = new long[blocks.size()];
    long[] newTotals = new long[blocks.size()];
    for (int i = 0; i < blocks.size(); i++) {
      long[] block = blocks.get(i);
      if (i < blocks.size() - 1) {
        newUpper[i] = upper[(int) block[2]];
      }
      newBads[i] = block[0];
      newTotals[i] = block[1];
    }
    return new FeatureBins(feature, newUpper, List.of(), woe(newBads, newTotals, totalBad,
        totalGood), missingWoe(missingBads, missingTotal, totalBad, totalGood), newBads,
        newTotals, missingBads, missingTotal);
  }

  /** Categorical bins from their counts; the last count is the "other" bin. */
  public static FeatureBins categoricalBins(ModelFeature feature, List<String> categories,
      long[] bads, long[] totals, long missingBads, long missingTotal, long totalBad,
      long totalGood) {
    return new FeatureBins(feature, new double[0], List.copyOf(categories),
        woe(bads, totals, totalBad, totalGood),
        missingWoe(missingBads, missingTotal, totalBad, totalGood), bads, totals, missingBads,
        missingTotal);
  }

  /** WoE of a bin: ln((bad + 0.5) / B) - ln((good + 0.5) / G); 0 for an empty bin. */
  public static double woe(long bad, long total, long totalBad, long totalGood) {
    if (total == 0) {
      return 0;
    }
    long good = total - bad;
    return Math.log((bad + SMOOTHING) / totalBad) - Math.log((good + SMOOTHING) / totalGood);
  }

  private static double[] woe(long[] bads, long[] totals, long totalBad, long totalGood) {
    double[] result = new double[bads.length];
    for (int i = 0; i < bads.length; i++) {
      result[i] = woe(bads[i], totals[i], totalBad, totalGood);
    }
    return result;
  }

  private static double missingWoe(long bads, long total, long totalBad, long totalGood) {
    return woe(bads, total, totalBad, totalGood);
  }

  private static double rate(long[] block) {
    return block[1] == 0 ? 0 : (double) block[0] / block[1];
  }

  /** Count-weighted covariance of bin position and bad rate: its sign is the trend. */
  private static double trend(List<long[]> blocks) {
    double n = 0;
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < blocks.size(); i++) {
      n += blocks.get(i)[1];
      sumX += i * (double) blocks.get(i)[1];
      sumY += blocks.get(i)[0];
    }
    if (n == 0) {
      return 0;
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double cov = 0;
    for (int i = 0; i < blocks.size(); i++) {
      cov += blocks.get(i)[1] * (i - meanX) * (rate(blocks.get(i)) - meanY);
    }
    return cov;
  }

  /** One {@code woe_<feature>} column per feature, added to the rows. */
  public static Dataset<Row> withWoe(Dataset<Row> rows, List<FeatureBins> bins) {
    Dataset<Row> result = rows;
    for (FeatureBins b : bins) {
      result = result.withColumn(woeColumn(b.name()), b.woeColumn());
    }
    return result;
  }

  /** Name of a feature's WoE column. */
  public static String woeColumn(String feature) {
    return "_woe_" + feature;
  }
}
