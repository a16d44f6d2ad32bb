package com.visitrank.model;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Validation metrics of a binary model, computed with Spark aggregates (only per-score-group,
 * per-decile or per-bin counts ever reach the driver).
 *
 * <ul>
 *   <li>AUC: the probability that a random bad row scores above a random good one, ties counted
 *       half; Gini = 2 AUC - 1.
 *   <li>KS: the largest gap between the cumulative shares of bads and goods over score cut-offs.
 *   <li>PR-AUC: average precision, the mean over bad rows of the precision at their score.
 *   <li>Brier: mean squared difference between probability and label.
 *   <li>PSI: sum over bins of (a - e) ln(a / e), shares of the bins in the reference (e) and the
 *       compared rows (a), each floored at 0.0001; 0.1 and above is flagged {@code watch}, 0.25 and
 *       above {@code shift}.
 * </ul>
 */
public final class BinaryMetrics {

  /** Floor of a bin's share in PSI, so that an empty bin does not make it infinite. */
  static final double PSI_FLOOR = 1e-4;

  private BinaryMetrics() {}

  /**
   * Headline metrics.
   *
   * @param rows rows scored
   * @param positives rows with label 1
   */
  public record Summary(long rows, long positives, double auc, double gini, double ks,
      double prAuc, double brier) {}

  /**
   * One decile of rows by score, 1 = the highest scores.
   *
   * @param meanProbability mean predicted probability
   * @param observedRate share of bad rows
   * @param captureRate share of all bad rows in this and the higher deciles
   * @param lift observedRate over the overall bad rate
   */
  public record Decile(int decile, long rows, long positives, double meanProbability,
      double observedRate, double captureRate, double lift) {}

  /**
   * Headline metrics of {@code rows}.
   *
   * @param score the ranking column (higher = riskier)
   * @param probability the calibrated probability (for Brier)
   * @param label 0/1 or boolean, never null
   */
  public static Summary summary(Dataset<Row> rows, String score, String probability,
      String label) {
    Column y = col(label).cast("double");
    Row totals = rows.agg(count(lit(1)), sum(y), avg(pow(col(probability).minus(y), 2)))
        .first();
    long n = totals.getLong(0);
    long p = totals.isNullAt(1) ? 0 : Math.round(totals.getDouble(1));
    long neg = n - p;
    if (p == 0 || neg == 0) {
      return new Summary(n, p, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          n == 0 ? Double.NaN : totals.getDouble(2));
    }
    // The grouped table (one row per distinct score, not the rows) is ordered in one partition;
    // the constant partition key says so explicitly.
    WindowSpec down = Window.partitionBy(lit(0)).orderBy(col("s").desc())
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Row r = rows.groupBy(col(score).as("s"))
        .agg(sum(y).as("pos"), sum(lit(1.0).minus(y)).as("neg"))
        .withColumn("cpos", sum("pos").over(down))
        .withColumn("cneg", sum("neg").over(down))
        .agg(sum(col("neg").multiply(col("cpos").minus(col("pos").multiply(0.5)))),
            max(abs(col("cpos").divide(p).minus(col("cneg").divide(neg)))),
            sum(col("pos").multiply(col("cpos")).divide(col("cpos").plus(col("cneg")))))
        .first();
    double auc = r.getDouble(0) / ((double) p * neg);
    return new Summary(n, p, auc, 2 * auc - 1, r.getDouble(1), r.getDouble(2) / p,
        totals.getDouble(2));
  }

  /**
   * Calibration, capture rate and lift by decile of {@code score}: the decile cut points are the
   * approximate 10%, ..., 90% quantiles of the score (tied scores share a decile, so deciles may
   * differ in size).
   */
  public static List<Decile> deciles(Dataset<Row> rows, String score, String probability,
      String label) {
    double[] cuts = cutPoints(rows, score, 10);
    Column decile = decileOf(col(score), cuts);
    List<Row> groups = rows.groupBy(decile.as("d"))
        .agg(count(lit(1)), sum(col(label).cast("double")), avg(col(probability)))
        .orderBy("d").collectAsList();
    long total = 0;
    long bads = 0;
    for (Row g : groups) {
      total += g.getLong(1);
      bads += Math.round(g.getDouble(2));
    }
    double overall = total == 0 ? 0 : (double) bads / total;
    List<Decile> result = new ArrayList<>();
    long captured = 0;
    for (Row g : groups) {
      long n = g.getLong(1);
      long pos = Math.round(g.getDouble(2));
      captured += pos;
      double rate = n == 0 ? 0 : (double) pos / n;
      result.add(new Decile(g.getInt(0), n, pos, g.getDouble(3), rate,
          bads == 0 ? 0 : (double) captured / bads, overall == 0 ? 0 : rate / overall));
    }
    return List.copyOf(result);
  }

  /** Distinct approximate quantile cut points splitting {@code column} into {@code parts}. */
  public static double[] cutPoints(Dataset<Row> rows, String column, int parts) {
    double[] probabilities = new double[parts - 1];
    for (int i = 1; i < parts; i++) {
      probabilities[i - 1] = (double) i / parts;
    }
    double[] q = rows.select(col(column).cast("double").as("_c")).stat()
        .approxQuantile("_c", probabilities, 0.0001);
    return Arrays.stream(q).distinct().sorted().toArray();
  }

  /** Decile 1 holds scores above the highest cut point, 10 (or fewer) those at or below all. */
  static Column decileOf(Column score, double[] cuts) {
    Column result = lit(1);
    for (int i = cuts.length - 1; i >= 0; i--) {
      result = when(score.leq(lit(cuts[i])), lit(cuts.length + 1 - i)).otherwise(result);
    }
    return result;
  }

  /** PSI of two binned count vectors (same bins, same order). */
  public static double psi(long[] reference, long[] compared) {
    long e = Arrays.stream(reference).sum();
    long a = Arrays.stream(compared).sum();
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double es = Math.max(PSI_FLOOR, e == 0 ? 0 : (double) reference[i] / e);
      double as = Math.max(PSI_FLOOR, a == 0 ? 0 : (double) compared[i] / a);
      psi += (as - es) * Math.log(as / es);
    }
    return psi;
  }

  /** {@code stable}, {@code watch} (PSI 0.1 and above) or {@code shift} (0.25 and above). */
  public static String psiFlag(double psi) {
    return psi >= 0.25 ? "shift" : psi >= 0.1 ? "watch" : "stable";
  }

  /** PSI of a score between reference and compared rows, on the reference's score deciles. */
  public static double scorePsi(Dataset<Row> reference, Dataset<Row> compared, String score) {
    double[] cuts = cutPoints(reference, score, 10);
    long[] e = countsBy(reference, decileOf(col(score), cuts), cuts.length + 1, 1);
    long[] a = countsBy(compared, decileOf(col(score), cuts), cuts.length + 1, 1);
    return psi(e, a);
  }

  private static long[] countsBy(Dataset<Row> rows, Column bin, int bins, int first) {
    long[] counts = new long[bins];
    for (Row r : rows.groupBy(bin.as("b")).count().collectAsList()) {
      counts[r.getInt(0) - first] += r.getLong(1);
    }
    return counts;
  }

  /**
   * PSI of every binned feature between reference and compared rows, on the features' WoE bins
   * (the missing bin included), in the order of {@code bins}.
   */
  public static Map<String, Double> featurePsi(Dataset<Row> reference, Dataset<Row> compared,
      List<FeatureBins> bins) {
    Map<String, long[][]> counts = new LinkedHashMap<>();
    for (FeatureBins b : bins) {
      counts.put(b.name(), new long[2][b.size() + 1]);
    }
    Column[] cells = bins.stream()
        .map(b -> struct(lit(b.name()).as("f"), b.bin().as("b"))).toArray(Column[]::new);
    Dataset<Row> both = reference.select(lit(0).as("_set"), explode(array(cells)).as("fb"))
        .unionByName(compared.select(lit(1).as("_set"), explode(array(cells)).as("fb")));
    for (Row r : both.groupBy(col("_set"), col("fb.f"), col("fb.b")).count().collectAsList()) {
      counts.get(r.getString(1))[r.getInt(0)][r.getInt(2) + 1] += r.getLong(3);
    }
    Map<String, Double> result = new LinkedHashMap<>();
    counts.forEach((name, c) -> result.put(name, psi(c[0], c[1])));
    return result;
  }
}
