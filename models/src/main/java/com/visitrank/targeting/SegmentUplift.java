package com.visitrank.targeting;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.visitrank.features.LoanFeatures;
import com.visitrank.sql.ExactSum;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The effect of a visit in money, learned by segment from past randomised plans and shrunk
 * toward priors where they are thin. A loan's segment is its evidence (see {@link #evidence})
 * and its bucket. With {@code exposure} = overdue amount plus one instalment, optionally
 * capped at {@link Params#maxIncomeMonths} months of the declared income (see
 * {@link Uplift#exposure}), and {@code risk} = the delinquency model's probability that the
 * loan does not pay by itself:
 *
 * <pre>
 *   expected repayment without a visit = exposure x no-visit share(segment)
 *   expected extra repayment with a visit = exposure x risk x responsiveness(segment)
 * </pre>
 *
 * A visit can only add what the borrower would not pay anyway (hence the risk), and how much of
 * that it adds depends on why they do not pay (hence the evidence). Per segment, the
 * responsiveness is estimated from past plans as (mean outcome share of the visited - mean of
 * the control group) / mean risk, and the no-visit share as the control group's mean outcome
 * share, each shrunk toward its parent by the number of rows: a segment's responsiveness toward
 * its evidence's (pooled over buckets, itself shrunk toward the configured prior) times its
 * bucket's factor, and a segment's no-visit share toward its bucket's (shrunk toward the prior),
 * as {@code (m * estimate + k * parent) / (m + k)}, with {@code k} = {@link Params#priorRows}
 * and {@code m} the rows behind the estimate: for a no-visit share the control rows, for a
 * responsiveness {@code visited * control / (visited + control)} (the rows behind a difference
 * of two means) times the squared mean risk, since the division by the mean risk inflates the
 * difference's noise where the risk is low. A bucket's factor is its responsiveness
 * pooled over evidences (shrunk toward the all-plans one) over the all-plans responsiveness: the
 * deeper the arrears, the less a visit moves, whatever the evidence, so a thin segment such as
 * {@code never_paid} in M4+ borrows the buckets' gradient instead of its evidence's flat mean.
 * That gradient is held to its premise: the factors never rise from M1 to M4+ (a deeper bucket
 * above a shallower one is pooled with it, at their mean weighted by each one's information
 * rows plus {@code k}; see {@link #nonIncreasing}), so one noisy bucket cannot price all its
 * loans below the deeper ones.
 * With no past plans the priors are used as they are.
 */
public final class SegmentUplift implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Evidence of why the loan does not pay: a {@link Situation} or one of the four below. */
  public static final String EVIDENCE = "uplift_evidence";
  /** Risk that the loan does not pay by itself, from the delinquency model. */
  public static final String RISK = "uplift_risk";

  /** No payment ever recorded on the loan (first-payment default, possibly fraud). */
  public static final String NEVER_PAID = "never_paid";
  /** Instalment above the configured share of the declared monthly income (no capacity). */
  public static final String OVERSTRETCHED = "overstretched";
  /**
   * Situation {@link Situation#UNWILLING} on broken promises alone, without a refusal: on its
   * own a weak sign of unwillingness (borrowers who pay late anyway break promises too).
   */
  public static final String PROMISES_BROKEN = "promises_broken";
  /**
   * Situation {@link Situation#UNREACHABLE} without an invalid number in 90 days, or with the
   * latest visit finding the address invalid: calls that were never answered (most such
   * borrowers pay anyway) or an address no visit can find, against a number known to be wrong.
   */
  public static final String NOT_REACHED = "not_reached";

  /** Evidence values, in the order the target job prints them. */
  public static final List<String> EVIDENCES = List.of(NEVER_PAID, OVERSTRETCHED,
      Situation.UNREACHABLE, NOT_REACHED, Situation.HARDSHIP, Situation.UNWILLING,
      PROMISES_BROKEN, Situation.OTHER);
  public static final List<String> BUCKETS = List.of("M1", "M2", "M3", "M4+");

  /** Mean risk below which a segment's responsiveness is not estimated from data. */
  private static final double MIN_MEAN_RISK = 0.05;

  /**
   * Settings of the learner.
   *
   * @param priorRows weight of a parent estimate, in rows ({@code k})
   * @param maxDebtService instalment over monthly income above which a loan is
   *     {@link #OVERSTRETCHED}
   * @param maxIncomeMonths months of declared income at which the exposure is capped (0: no cap)
   * @param noVisitPrior prior share of the exposure repaid without a visit, by bucket
   * @param responsivenessPrior prior extra share of the exposure repaid with a visit by a loan
   *     sure not to pay by itself, by evidence
   */
  public record Params(double priorRows, double maxDebtService, double maxIncomeMonths,
      Map<String, Double> noVisitPrior, Map<String, Double> responsivenessPrior)
      implements Serializable {}

  /**
   * What the past plans of one segment hold.
   *
   * @param evidence the segment's evidence
   * @param bucket the segment's bucket
   * @param visited visited rows
   * @param control control rows
   * @param visitedShare sum of the visited rows' outcome shares (outcome / exposure)
   * @param controlShare sum of the control rows' outcome shares
   * @param risk sum of the risk of all its rows
   */
  public record Stats(String evidence, String bucket, long visited, long control,
      double visitedShare, double controlShare, double risk) implements Serializable {

    Stats plus(Stats other) {
      return new Stats(evidence, bucket, visited + other.visited, control + other.control,
          visitedShare + other.visitedShare, controlShare + other.controlShare,
          risk + other.risk);
    }

    /** Rows behind a difference of the two arms' means. */
    double differenceRows() {
      return visited == 0 || control == 0 ? 0 : (double) visited * control / (visited + control);
    }

    /**
     * Rows behind a responsiveness estimate, at full risk: the difference's rows times the
     * squared mean risk, since dividing the difference by a mean risk of r multiplies its
     * variance by 1 / r^2 (20 rows at a risk of 0.5 weigh as 5 rows at a risk of 1).
     */
    double informationRows() {
      return differenceRows() * meanRisk() * meanRisk();
    }

    /** Mean risk of the segment's rows (0 without rows). */
    double meanRisk() {
      return visited + control == 0 ? 0 : risk / (visited + control);
    }
  }

  /**
   * The estimates of one segment.
   *
   * @param evidence the segment's evidence
   * @param bucket the segment's bucket
   * @param noVisitShare share of the exposure repaid without a visit
   * @param responsiveness extra share of the exposure repaid with a visit, per unit of risk
   */
  public record Coefficient(String evidence, String bucket, double noVisitShare,
      double responsiveness) implements Serializable {}

  private final List<Coefficient> coefficients;
  private final double maxIncomeMonths;

  private SegmentUplift(List<Coefficient> coefficients, double maxIncomeMonths) {
    this.coefficients = List.copyOf(coefficients);
    this.maxIncomeMonths = maxIncomeMonths;
  }

  /** The estimates, one per evidence and bucket. */
  public List<Coefficient> coefficients() {
    return coefficients;
  }

  /**
   * The evidence column of feature rows with {@link Situation#SITUATION}: {@link #NEVER_PAID}
   * when no payment was ever recorded, else {@link #OVERSTRETCHED} when the instalment exceeds
   * {@code maxDebtService} times the monthly income, else the situation, with
   * {@link #NOT_REACHED} and {@link #PROMISES_BROKEN} set apart from {@code unreachable} and
   * {@code unwilling}.
   */
  public static Column evidence(double maxDebtService) {
    Column income = col("monthly_income").cast("double");
    Column overstretched = income.gt(0).and(col("installment_amount").cast("double")
        .gt(income.multiply(maxDebtService)));
    return when(col("days_since_last_payment").isNull(), lit(NEVER_PAID))
        .when(coalesce(overstretched, lit(false)), lit(OVERSTRETCHED))
        .when(col(Situation.SITUATION).equalTo(Situation.UNREACHABLE)
            .and(not(Situation.invalidNumber()).or(Situation.addressInvalid())), lit(NOT_REACHED))
        .when(col(Situation.SITUATION).equalTo(Situation.UNWILLING)
            .and(not(Situation.refused())), lit(PROMISES_BROKEN))
        .otherwise(col(Situation.SITUATION));
  }

  /**
   * The risk column from the model's calibrated probability of {@code label}: the probability
   * itself for a label of going (further) into arrears, its complement for
   * {@code label_cure_30d} (a label of paying).
   */
  public static Column risk(String label) {
    Column p = coalesce(col("probability").cast("double"), lit(0.0));
    Column risk = label.equals(LoanFeatures.CURE_LABEL) ? lit(1.0).minus(p) : p;
    return least(greatest(risk, lit(0.0)), lit(1.0));
  }

  /**
   * Per segment, the sums of {@link Stats} over rows of past plans with {@link #EVIDENCE},
   * {@code bucket}, {@link #RISK}, {@link Uplift#TREATED}, {@link Uplift#OUTCOME} and the
   * exposure's columns (capped at {@code maxIncomeMonths} of income, 0: no cap):
   * {@code uplift_evidence, bucket, visited, control, visited_share,
   * control_share, risk}. At most one row per evidence and bucket.
   */
  public static Dataset<Row> stats(Dataset<Row> training, double maxIncomeMonths) {
    Column share = col(Uplift.OUTCOME).divide(Uplift.exposure(maxIncomeMonths));
    Column treated = col(Uplift.TREATED);
    return training.groupBy(col(EVIDENCE), col("bucket")).agg(
        sum(when(treated, 1L).otherwise(0L)).as("visited"),
        sum(when(treated, 0L).otherwise(1L)).as("control"),
        coalesce(ExactSum.of(when(treated, share)), lit(0.0)).as("visited_share"),
        coalesce(ExactSum.of(when(treated, lit(null)).otherwise(share)), lit(0.0))
            .as("control_share"),
        coalesce(ExactSum.of(col(RISK)), lit(0.0)).as("risk"));
  }

  /** Learns the coefficients from past plans (one small aggregation, collected). */
  public static SegmentUplift fit(Dataset<Row> training, Params params) {
    List<Stats> stats = new ArrayList<>();
    // At most |EVIDENCES| x |BUCKETS| rows, whatever the input's size.
    for (Row r : stats(training, params.maxIncomeMonths()).collectAsList()) {
      stats.add(new Stats(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3),
          r.getDouble(4), r.getDouble(5), r.getDouble(6)));
    }
    return new SegmentUplift(coefficients(stats, params), params.maxIncomeMonths());
  }

  /** The priors alone, for when there are no past plans to learn from. */
  public static SegmentUplift priors(Params params) {
    return new SegmentUplift(coefficients(List.of(), params), params.maxIncomeMonths());
  }

  /**
   * The shrunk estimates of every evidence and bucket from the segments' stats (segments
   * without past plans get their parents' estimates). Pure arithmetic; see the class comment.
   */
  static List<Coefficient> coefficients(List<Stats> stats, Params params) {
    Map<String, Stats> byEvidence = new LinkedHashMap<>();
    Map<String, Stats> byBucket = new LinkedHashMap<>();
    Map<String, Stats> bySegment = new LinkedHashMap<>();
    for (Stats s : stats) {
      byEvidence.merge(s.evidence(), s, Stats::plus);
      byBucket.merge(s.bucket(), s, Stats::plus);
      bySegment.merge(s.evidence() + "|" + s.bucket(), s, Stats::plus);
    }
    double k = params.priorRows();
    double overall = responsiveness(stats.stream().reduce(Stats::plus).orElse(null));
    boolean scaled = !Double.isNaN(overall) && overall > 0;
    double[] factors = new double[BUCKETS.size()];
    double[] weights = new double[BUCKETS.size()];
    for (int i = 0; i < factors.length; i++) {
      Stats bucket = byBucket.get(BUCKETS.get(i));
      factors[i] = scaled ? Math.max(0.0, responsiveness(bucket, overall, k)) / overall : 1.0;
      weights[i] = k + (bucket == null ? 0 : bucket.informationRows());
    }
    double[] gradient = nonIncreasing(factors, weights);
    Map<String, Double> bucketFactor = new LinkedHashMap<>();
    for (int i = 0; i < gradient.length; i++) {
      bucketFactor.put(BUCKETS.get(i), gradient[i]);
    }
    List<Coefficient> result = new ArrayList<>();
    for (String evidence : EVIDENCES) {
      double evidencePrior = params.responsivenessPrior().getOrDefault(evidence, 0.0);
      double evidenceResponse = responsiveness(byEvidence.get(evidence), evidencePrior, k);
      for (String bucket : BUCKETS) {
        double bucketNoVisit = noVisitShare(byBucket.get(bucket),
            params.noVisitPrior().getOrDefault(bucket, 0.0), k);
        Stats segment = bySegment.get(evidence + "|" + bucket);
        result.add(new Coefficient(evidence, bucket, noVisitShare(segment, bucketNoVisit, k),
            responsiveness(segment, evidenceResponse * bucketFactor.get(bucket), k)));
      }
    }
    return result;
  }

  /**
   * The weighted least-squares fit of {@code values} that never rises from one to the next
   * (pool adjacent violators): a run of values that rises is replaced by its weighted mean
   * (its plain mean if all its weights are 0).
   */
  static double[] nonIncreasing(double[] values, double[] weights) {
    int n = values.length;
    double[] mean = new double[n];
    double[] weight = new double[n];
    int[] size = new int[n];
    int blocks = 0;
    for (int i = 0; i < n; i++) {
      mean[blocks] = values[i];
      weight[blocks] = weights[i];
      size[blocks] = 1;
      blocks++;
      while (blocks > 1 && mean[blocks - 2] < mean[blocks - 1]) {
        double w = weight[blocks - 2] + weight[blocks - 1];
        mean[blocks - 2] = w <= 0 ? (mean[blocks - 2] + mean[blocks - 1]) / 2
            : (mean[blocks - 2] * weight[blocks - 2] + mean[blocks - 1] * weight[blocks - 1]) / w;
        weight[blocks - 2] = w;
        size[blocks - 2] += size[blocks - 1];
        blocks--;
      }
    }
    double[] fitted = new double[n];
    int at = 0;
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < size[b]; j++) {
        fitted[at++] = mean[b];
      }
    }
    return fitted;
  }

  /** {@code (m * estimate + k * parent) / (m + k)}; the parent when {@code m} is 0. */
  static double shrink(double estimate, double rows, double parent, double priorRows) {
    if (rows <= 0) {
      return parent;
    }
    return (rows * estimate + priorRows * parent) / (rows + priorRows);
  }

  private static double responsiveness(Stats s, double parent, double k) {
    double estimate = responsiveness(s);
    return Double.isNaN(estimate) ? parent
        : shrink(estimate, s.informationRows(), parent, k);
  }

  /** The unshrunk estimate: (visited - control mean share) / mean risk; NaN if none. */
  private static double responsiveness(Stats s) {
    if (s == null || s.differenceRows() == 0) {
      return Double.NaN;
    }
    double meanRisk = s.meanRisk();
    if (meanRisk < MIN_MEAN_RISK) {
      return Double.NaN;
    }
    return (s.visitedShare() / s.visited() - s.controlShare() / s.control()) / meanRisk;
  }

  private static double noVisitShare(Stats s, double parent, double k) {
    if (s == null || s.control() == 0) {
      return parent;
    }
    return shrink(s.controlShare() / s.control(), s.control(), parent, k);
  }

  /**
   * Adds {@link Uplift#NO_VISIT}, {@link Uplift#VISIT}, {@link Uplift#UPLIFT} and
   * {@link Uplift#SOURCE} (= {@code source}) to rows with {@link #EVIDENCE}, {@code bucket},
   * {@link #RISK} and the exposure's columns. Rows outside the known segments get 0. Lazy: the
   * coefficients are literals in the plan, no join.
   */
  public Dataset<Row> predict(Dataset<Row> rows, String source) {
    Column noVisitShare = lit(0.0);
    Column responsiveness = lit(0.0);
    for (Coefficient c : coefficients) {
      Column match = col(EVIDENCE).equalTo(c.evidence()).and(col("bucket").equalTo(c.bucket()));
      noVisitShare = when(match, lit(c.noVisitShare())).otherwise(noVisitShare);
      responsiveness = when(match, lit(c.responsiveness())).otherwise(responsiveness);
    }
    Column exposure = Uplift.exposure(maxIncomeMonths);
    return rows
        .withColumn(Uplift.NO_VISIT, exposure.multiply(greatest(noVisitShare, lit(0.0))))
        .withColumn(Uplift.UPLIFT, exposure.multiply(col(RISK)).multiply(responsiveness))
        .withColumn(Uplift.VISIT, col(Uplift.NO_VISIT).plus(col(Uplift.UPLIFT)))
        .withColumn(Uplift.SOURCE, lit(source));
  }
}
