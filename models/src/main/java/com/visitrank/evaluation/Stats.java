package com.visitrank.evaluation;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics of a randomised comparison, computed from per-arm sums (the small aggregates
 * Spark returns), so that no row-level data reaches the driver.
 *
 * <ul>
 *   <li>Welch: difference of means with the Welch-Satterthwaite degrees of freedom, a 95% t
 *       interval and a two-sided p-value.
 *   <li>CUPED: each outcome adjusted by {@code theta * (x - mean x)}, where x is a pre-period
 *       covariate and theta the pooled within-arm slope; the adjusted means then go through
 *       Welch. Randomisation makes x independent of the arm, so the adjustment removes variance
 *       without biasing the effect.
 *   <li>Wald (complier average): the intention-to-treat effect divided by the difference in the
 *       share actually met; its interval divides the ITT interval by the same share (the share
 *       taken as known, which slightly understates the uncertainty).
 * </ul>
 */
public final class Stats {

  /** Two-sided level of every interval. */
  public static final double CONFIDENCE = 0.95;

  /** Smallest difference in the share met for which a complier effect is reported. */
  public static final double MIN_COMPLIANCE = 0.05;

  private Stats() {}

  /**
   * Sums of one arm of one group: outcome y, pre-period covariate x, and whether met.
   *
   * @param n rows
   * @param sumY sum of y
   * @param sumY2 sum of y squared
   * @param sumX sum of x
   * @param sumX2 sum of x squared
   * @param sumXy sum of x times y
   * @param sumMet rows where the borrower was met
   */
  public record Moments(long n, double sumY, double sumY2, double sumX, double sumX2,
      double sumXy, double sumMet) {

    public double meanY() {
      return sumY / n;
    }

    public double meanX() {
      return sumX / n;
    }

    /** Sample variance of y (n - 1 in the denominator). */
    public double varY() {
      return Math.max(0, (sumY2 - sumY * sumY / n) / (n - 1));
    }

    public double varX() {
      return Math.max(0, (sumX2 - sumX * sumX / n) / (n - 1));
    }

    public double covXy() {
      return (sumXy - sumX * sumY / n) / (n - 1);
    }

    public double metShare() {
      return sumMet / n;
    }
  }

  /**
   * An estimated difference.
   *
   * @param effect treated minus control
   * @param se its standard error
   * @param df degrees of freedom of the t reference
   * @param low lower end of the 95% interval
   * @param high upper end
   * @param pValue two-sided p-value of "no difference"
   */
  public record Estimate(double effect, double se, double df, double low, double high,
      double pValue) {

    /** The same estimate divided by a positive constant (p-value unchanged). */
    public Estimate dividedBy(double c) {
      return new Estimate(effect / c, se / c, df, low / c, high / c, pValue);
    }
  }

  /** Welch's unequal-variance comparison of two means; each arm needs at least 2 rows. */
  public static Estimate welch(double meanT, double varT, long nT, double meanC, double varC,
      long nC) {
    if (nT < 2 || nC < 2) {
      throw new IllegalArgumentException("Welch needs 2 or more rows per arm, got " + nT
          + " and " + nC);
    }
    double a = varT / nT;
    double b = varC / nC;
    double effect = meanT - meanC;
    double se = Math.sqrt(a + b);
    if (se == 0) {
      return new Estimate(effect, 0, nT + nC - 2, effect, effect, effect == 0 ? 1 : 0);
    }
    double df = (a + b) * (a + b) / (a * a / (nT - 1) + b * b / (nC - 1));
    TDistribution t = new TDistribution(df);
    double critical = t.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    double p = 2 * (1 - t.cumulativeProbability(Math.abs(effect / se)));
    return new Estimate(effect, se, df, effect - critical * se, effect + critical * se, p);
  }

  /** Welch on the raw outcome. */
  public static Estimate itt(Moments treated, Moments control) {
    return welch(treated.meanY(), treated.varY(), treated.n(), control.meanY(),
        control.varY(), control.n());
  }

  /** The pooled within-arm slope of y on x (0 when x does not vary). */
  public static double theta(Moments treated, Moments control) {
    double cov = treated.covXy() * (treated.n() - 1) + control.covXy() * (control.n() - 1);
    double var = treated.varX() * (treated.n() - 1) + control.varX() * (control.n() - 1);
    return var > 0 ? cov / var : 0;
  }

  /** Welch on the CUPED-adjusted outcome. */
  public static Estimate cuped(Moments treated, Moments control) {
    double theta = theta(treated, control);
    double meanX = (treated.sumX() + control.sumX()) / (treated.n() + control.n());
    return welch(
        treated.meanY() - theta * (treated.meanX() - meanX), adjustedVar(treated, theta),
        treated.n(),
        control.meanY() - theta * (control.meanX() - meanX), adjustedVar(control, theta),
        control.n());
  }

  private static double adjustedVar(Moments m, double theta) {
    return Math.max(0, m.varY() - 2 * theta * m.covXy() + theta * theta * m.varX());
  }

  /**
   * The complier average effect: {@code itt} divided by the difference in the share met, or
   * null when that difference is below {@link #MIN_COMPLIANCE}.
   */
  public static Estimate wald(Estimate itt, Moments treated, Moments control) {
    double compliance = treated.metShare() - control.metShare();
    return compliance < MIN_COMPLIANCE ? null : itt.dividedBy(compliance);
  }
}
