package com.visitrank.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Targeting quality: the Qini curve of a plan's ranking. Loans are cut into {@code bins} equal
 * slices by rank within their plan date (bin 1 = the best ranked); going down the list, the
 * curve at a share s is the incremental amount recovered by the visited loans of the top s,
 * against the control loans of the top s scaled to the same number:
 * {@code Q(s) = Y_t(s) - Y_c(s) * N_t(s) / N_c(s)}, divided by all visited loans so that it
 * reads as amount per planned loan. Random targeting is the straight line from 0 to Q(1); the
 * area between the curve and that line (trapezoids) measures how much better than random the
 * ranking sorts the loans that respond. The interval comes from a Poisson bootstrap: each row
 * gets, per replicate, a Poisson(1) weight drawn from a hash of the seed, replicate and row.
 */
public final class Qini {

  /** One slice of the ranking: counts and amounts of each arm. */
  public record Bin(int bin, double nTreated, double yTreated, double nControl,
      double yControl) {}

  /**
   * A curve.
   *
   * @param share share of the list targeted at each point (0, 1/bins, .., 1)
   * @param qini the curve at each point
   * @param random the random line at each point
   * @param area area between curve and line
   */
  public record Curve(double[] share, double[] qini, double[] random, double area) {}

  private Qini() {}

  /** Rows with a rank and a matured outcome at {@code horizon}, with their bin. */
  public static Dataset<Row> binned(Dataset<Row> planOutcomes, int horizon, int bins) {
    return planOutcomes
        .filter(col("rank").isNotNull().and(col("matured"))
            .and(col("horizon_days").equalTo(horizon)))
        .withColumn("bin", expr("ntile(" + bins + ") OVER (PARTITION BY plan_date ORDER BY"
            + " rank, loan_id)"));
  }

  /** Per bin: n and sum of recovered for each arm (columns bin, n_t, y_t, n_c, y_c). */
  public static Dataset<Row> bins(Dataset<Row> binned) {
    return binned.groupBy("bin").agg(
            expr("sum(if(control_group, 0D, 1D))").as("n_t"),
            expr("sum(if(control_group, 0D, recovered))").as("y_t"),
            expr("sum(if(control_group, 1D, 0D))").as("n_c"),
            expr("sum(if(control_group, recovered, 0D))").as("y_c"))
        .orderBy("bin");
  }

  /**
   * Per bootstrap replicate and bin, the same sums with Poisson(1) weights (columns replicate,
   * bin, n_t, y_t, n_c, y_c).
   */
  public static Dataset<Row> bootstrapBins(Dataset<Row> binned, int replicates, long seed) {
    String u = "(pmod(xxhash64(" + seed + "L, replicate, loan_id, plan_date), 1000000007L)"
        + " / 1000000007D)";
    // Inverse CDF of Poisson(1): P(W <= k) = e^-1 * sum_{j<=k} 1/j!
    String w = "CASE WHEN " + u + " < 0.36787944 THEN 0 WHEN " + u + " < 0.73575888 THEN 1"
        + " WHEN " + u + " < 0.91969860 THEN 2 WHEN " + u + " < 0.98101184 THEN 3 WHEN " + u
        + " < 0.99634015 THEN 4 WHEN " + u + " < 0.99940582 THEN 5 WHEN " + u
        + " < 0.99991676 THEN 6 ELSE 7 END";
    return binned
        .withColumn("replicate", expr("explode(sequence(1, " + replicates + "))"))
        .withColumn("w", expr("cast(" + w + " AS DOUBLE)"))
        .groupBy("replicate", "bin").agg(
            expr("sum(if(control_group, 0D, w))").as("n_t"),
            expr("sum(if(control_group, 0D, w * recovered))").as("y_t"),
            expr("sum(if(control_group, w, 0D))").as("n_c"),
            expr("sum(if(control_group, w * recovered, 0D))").as("y_c"));
  }

  /** A collected {@link #bins} or {@link #bootstrapBins} row (bin first, then the four sums). */
  public static Bin binOf(Row row) {
    return new Bin(row.getInt(row.fieldIndex("bin")), row.getDouble(row.fieldIndex("n_t")),
        row.getDouble(row.fieldIndex("y_t")), row.getDouble(row.fieldIndex("n_c")),
        row.getDouble(row.fieldIndex("y_c")));
  }

  /** The curve of bins 1..n (missing bins count as empty). */
  public static Curve curve(List<Bin> bins, int binCount) {
    Bin[] byBin = new Bin[binCount + 1];
    for (Bin b : bins) {
      byBin[b.bin()] = b;
    }
    double totalTreated = 0;
    for (Bin b : bins) {
      totalTreated += b.nTreated();
    }
    double[] share = new double[binCount + 1];
    double[] qini = new double[binCount + 1];
    double nt = 0;
    double yt = 0;
    double nc = 0;
    double yc = 0;
    for (int k = 1; k <= binCount; k++) {
      Bin b = byBin[k];
      if (b != null) {
        nt += b.nTreated();
        yt += b.yTreated();
        nc += b.nControl();
        yc += b.yControl();
      }
      share[k] = (double) k / binCount;
      double q = nc > 0 ? yt - yc * nt / nc : yt;
      qini[k] = totalTreated > 0 ? q / totalTreated : 0;
    }
    double[] random = new double[binCount + 1];
    double area = 0;
    for (int k = 0; k <= binCount; k++) {
      random[k] = share[k] * qini[binCount];
      if (k > 0) {
        area += ((qini[k] - random[k]) + (qini[k - 1] - random[k - 1])) / 2
            * (share[k] - share[k - 1]);
      }
    }
    return new Curve(share, qini, random, area);
  }

  /** The 2.5% and 97.5% quantiles (nearest rank) of bootstrap areas. */
  public static double[] interval(double[] areas) {
    double[] sorted = areas.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    int lo = (int) Math.floor(0.025 * (n - 1));
    int hi = (int) Math.ceil(0.975 * (n - 1));
    return new double[] {sorted[lo], sorted[hi]};
  }

  /** The areas of each replicate's curve, from collected {@link #bootstrapBins} rows. */
  public static double[] bootstrapAreas(List<Row> rows, int replicates, int binCount) {
    List<List<Bin>> perReplicate = new ArrayList<>();
    for (int r = 0; r < replicates; r++) {
      perReplicate.add(new ArrayList<>());
    }
    for (Row row : rows) {
      perReplicate.get(row.getInt(row.fieldIndex("replicate")) - 1).add(binOf(row));
    }
    double[] areas = new double[replicates];
    for (int r = 0; r < replicates; r++) {
      areas[r] = curve(perReplicate.get(r), binCount).area();
    }
    return areas;
  }
}
