package com.visitrank.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Model monitoring from score histograms: Spark counts rows per thousandth of probability
 * ({@link #scoreBins}, at most 1,000 rows), and realised AUC, KS, calibration by decile and the
 * population stability index (PSI) are computed from those counts on the driver. PSI at or above
 * {@value #PSI_WATCH} is flagged {@code watch}, at or above {@value #PSI_ALERT} {@code alert}.
 */
public final class Monitoring {

  public static final double PSI_WATCH = 0.1;
  public static final double PSI_ALERT = 0.25;
  /** Resolution of the score histograms. */
  public static final int SCORE_BINS = 1000;
  /** Floor of a bin's share in PSI, so an empty bin does not make it infinite. */
  private static final double EPSILON = 1e-4;

  /** One histogram bin: rows with and without the label, and their summed probability. */
  public record ScoreBin(int bin, double positives, double negatives, double sumProbability) {
    double rows() {
      return positives + negatives;
    }
  }

  /**
   * A calibration decile.
   *
   * @param decile 1 (lowest scores) .. 10
   * @param rows rows in it
   * @param predicted mean probability
   * @param observed share with the label
   */
  public record Decile(int decile, long rows, double predicted, double observed) {}

  private Monitoring() {}

  /**
   * Rows per probability bin (columns bin, positives, negatives, sum_probability); rows without
   * a probability are left out; {@code label} may be null (counted as negative), e.g. for
   * reference scores whose label is not needed.
   */
  public static Dataset<Row> scoreBins(Dataset<Row> scored, String probability, String label) {
    String positive = label == null ? "0D" : "if(" + label + ", 1D, 0D)";
    return scored.filter(col(probability).isNotNull())
        .withColumn("bin", expr("least(cast(floor(" + probability + " * " + SCORE_BINS
            + ") AS INT), " + (SCORE_BINS - 1) + ")"))
        .groupBy("bin").agg(expr("cast(sum(" + positive + ") AS DOUBLE)").as("positives"),
            expr("cast(sum(1D - " + positive + ") AS DOUBLE)").as("negatives"),
            expr("cast(sum(" + probability + ") AS DOUBLE)").as("sum_probability"))
        .orderBy("bin");
  }

  /** A collected {@link #scoreBins} row. */
  public static ScoreBin binOf(Row row) {
    return new ScoreBin(row.getInt(0), ((Number) row.get(1)).doubleValue(),
        ((Number) row.get(2)).doubleValue(), ((Number) row.get(3)).doubleValue());
  }

  /**
   * Area under the ROC curve: the chance that a labelled row scores above an unlabelled one,
   * ties (same bin) counting half. NaN without both kinds of rows.
   */
  public static double auc(List<ScoreBin> bins) {
    double p = 0;
    double n = 0;
    for (ScoreBin b : bins) {
      p += b.positives();
      n += b.negatives();
    }
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    double negativesBelow = 0;
    double sum = 0;
    for (ScoreBin b : sorted(bins)) {
      sum += b.positives() * (negativesBelow + b.negatives() / 2);
      negativesBelow += b.negatives();
    }
    return sum / (p * n);
  }

  /** Kolmogorov-Smirnov: the largest gap between the two classes' cumulative score shares. */
  public static double ks(List<ScoreBin> bins) {
    double p = 0;
    double n = 0;
    for (ScoreBin b : bins) {
      p += b.positives();
      n += b.negatives();
    }
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    double cp = 0;
    double cn = 0;
    double ks = 0;
    for (ScoreBin b : sorted(bins)) {
      cp += b.positives();
      cn += b.negatives();
      ks = Math.max(ks, Math.abs(cp / p - cn / n));
    }
    return ks;
  }

  /**
   * Calibration by decile of score: bins are assigned whole, in score order, to the decile in
   * which their first row falls.
   */
  public static List<Decile> calibration(List<ScoreBin> bins) {
    double total = 0;
    for (ScoreBin b : bins) {
      total += b.rows();
    }
    double[] rows = new double[11];
    double[] sumP = new double[11];
    double[] pos = new double[11];
    double before = 0;
    for (ScoreBin b : sorted(bins)) {
      int decile = Math.min(10, 1 + (int) Math.floor(10 * before / total));
      rows[decile] += b.rows();
      sumP[decile] += b.sumProbability();
      pos[decile] += b.positives();
      before += b.rows();
    }
    List<Decile> out = new ArrayList<>();
    for (int d = 1; d <= 10; d++) {
      if (rows[d] > 0) {
        out.add(new Decile(d, (long) rows[d], sumP[d] / rows[d], pos[d] / rows[d]));
      }
    }
    return out;
  }

  /**
   * PSI of {@code current} against {@code reference}: both cut at the reference's score deciles
   * (whole histogram bins), then {@code sum (c - r) * ln(c / r)} over the decile shares.
   */
  public static double scorePsi(List<ScoreBin> reference, List<ScoreBin> current) {
    double total = 0;
    for (ScoreBin b : reference) {
      total += b.rows();
    }
    if (total == 0) {
      return Double.NaN;
    }
    int[] decileOfBin = new int[SCORE_BINS];
    java.util.Arrays.fill(decileOfBin, -1);
    double before = 0;
    for (ScoreBin b : sorted(reference)) {
      decileOfBin[b.bin()] = Math.min(9, (int) Math.floor(10 * before / total));
      before += b.rows();
    }
    int last = 0;
    for (int k = 0; k < SCORE_BINS; k++) {
      if (decileOfBin[k] < 0) {
        decileOfBin[k] = last;
      } else {
        last = decileOfBin[k];
      }
    }
    double[] r = new double[10];
    double[] c = new double[10];
    for (ScoreBin b : reference) {
      r[decileOfBin[b.bin()]] += b.rows();
    }
    for (ScoreBin b : current) {
      c[decileOfBin[b.bin()]] += b.rows();
    }
    return psi(r, c);
  }

  /** PSI of two count vectors over the same bins; NaN when either has no rows. */
  public static double psi(double[] reference, double[] current) {
    double rt = 0;
    double ct = 0;
    for (int i = 0; i < reference.length; i++) {
      rt += reference[i];
      ct += current[i];
    }
    if (rt == 0 || ct == 0) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double r = Math.max(EPSILON, reference[i] / rt);
      double c = Math.max(EPSILON, current[i] / ct);
      psi += (c - r) * Math.log(c / r);
    }
    return psi;
  }

  /** {@code ok}, {@code watch} or {@code alert} for a PSI. */
  public static String flag(double psi) {
    return psi >= PSI_ALERT ? "alert" : psi >= PSI_WATCH ? "watch" : "ok";
  }

  /**
   * Rows of a numeric column per bucket between {@code edges} (bucket i holds values above
   * edges[i-1] up to edges[i]; nulls form the last bucket): columns bucket, rows.
   */
  public static Dataset<Row> buckets(Dataset<Row> df, String column, double[] edges) {
    StringBuilder when = new StringBuilder("CASE WHEN " + column + " IS NULL THEN "
        + (edges.length + 1));
    for (int i = 0; i < edges.length; i++) {
      when.append(" WHEN cast(").append(column).append(" AS DOUBLE) <= ").append(edges[i])
          .append(" THEN ").append(i);
    }
    when.append(" ELSE ").append(edges.length).append(" END");
    return df.withColumn("bucket", expr(when.toString())).groupBy("bucket")
        .agg(expr("count(1)").as("rows"));
  }

  private static List<ScoreBin> sorted(List<ScoreBin> bins) {
    List<ScoreBin> out = new ArrayList<>(bins);
    out.sort((a, b) -> Integer.compare(a.bin(), b.bin()));
    return out;
  }
}
