package com.visitrank.targeting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.visitrank.sql.ExactSum;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The Qini curve of an uplift ranking on randomised rows: target the top k of the population by
 * predicted uplift; the curve is the incremental outcome, visited outcome minus control outcome
 * scaled to the visited count. A ranking better than random lies above the straight line from 0
 * to the curve's end.
 */
public final class Qini {

  /**
   * The curve and its summary.
   *
   * @param points incremental outcome after each of the bins, best first (the curve at share
   *     k/bins of the rows)
   * @param area mean of the curve over the bins (trapezoid rule from 0)
   * @param randomArea the same for random targeting: half the curve's end point
   */
  public record Result(List<Double> points, double area, double randomArea) {

    /** Area above random targeting. */
    public double coefficient() {
      return area - randomArea;
    }
  }

  private Qini() {}

  /**
   * Per bin of predicted uplift (1 = highest), the visited and control counts and outcome sums:
   * {@code bin, n_treated, n_control, y_treated, y_control}. The ranking is one global sort, fine
   * for validation rows of past campaigns.
   */
  public static Dataset<Row> bins(Dataset<Row> scored, String upliftColumn, int bins) {
    return scored
        .withColumn("_all", lit(0))
        .withColumn("bin", ntile(bins).over(Window.partitionBy("_all")
            .orderBy(col(upliftColumn).desc(), col("loan_id"), col("plan_date"))))
        .groupBy("bin")
        .agg(sum(when(col(Uplift.TREATED), 1).otherwise(0)).as("n_treated"),
            sum(when(col(Uplift.TREATED), 0).otherwise(1)).as("n_control"),
            ExactSum.of(when(col(Uplift.TREATED), col(Uplift.OUTCOME)).otherwise(0.0))
                .as("y_treated"),
            ExactSum.of(when(col(Uplift.TREATED), 0.0).otherwise(col(Uplift.OUTCOME)))
                .as("y_control"),
            count(lit(1)).as("n"))
        .orderBy("bin");
  }

  /** The curve from the rows of {@link #bins}, in bin order. */
  public static Result curve(List<Row> bins) {
    List<Double> points = new ArrayList<>();
    double nt = 0;
    double nc = 0;
    double yt = 0;
    double yc = 0;
    for (Row bin : bins) {
      nt += bin.getLong(bin.fieldIndex("n_treated"));
      nc += bin.getLong(bin.fieldIndex("n_control"));
      yt += bin.getDouble(bin.fieldIndex("y_treated"));
      yc += bin.getDouble(bin.fieldIndex("y_control"));
      points.add(nc == 0 ? yt : yt - yc * nt / nc);
    }
    double area = 0;
    double previous = 0;
    for (double point : points) {
      area += (previous + point) / 2;
      previous = point;
    }
    int n = Math.max(points.size(), 1);
    double end = points.isEmpty() ? 0 : points.get(points.size() - 1);
    return new Result(points, area / n, end / 2);
  }
}
