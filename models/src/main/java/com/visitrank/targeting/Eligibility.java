package com.visitrank.targeting;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Who may be visited: the practice's triggers (contact failed, doubtful willingness, long-term
 * overdue, large overdue amount), each recorded per row in {@code trigger_reasons}, and the
 * exclusions (written off, in litigation, visited within the cool-down, disputed), recorded in
 * {@code exclusion}. Only loans past due can be eligible.
 */
public final class Eligibility {

  public static final String TRIGGER_REASONS = "trigger_reasons";
  /** Why an otherwise triggered loan is not eligible (null when it is). */
  public static final String EXCLUSION = "exclusion";
  /** Set by {@link #disputes}: the latest visit found a configured overdue reason. */
  public static final String DISPUTED = "disputed";

  public static final String CONTACT_FAILED = "CONTACT_FAILED";
  public static final String DOUBTFUL_WILLINGNESS = "DOUBTFUL_WILLINGNESS";
  public static final String LONG_OVERDUE = "LONG_OVERDUE";
  public static final String LARGE_AMOUNT = "LARGE_AMOUNT";

  public static final String NOT_PAST_DUE = "NOT_PAST_DUE";
  public static final String NO_TRIGGER = "NO_TRIGGER";
  public static final String WRITTEN_OFF = "WRITTEN_OFF";
  public static final String LITIGATION = "LITIGATION";
  public static final String COOL_DOWN = "COOL_DOWN";
  public static final String DISPUTE = "DISPUTE";

  /**
   * The configured rules. A trigger is off when its {@code enabled} flag is false.
   *
   * @param contactFailed trigger when contacts found the number invalid at least
   *     {@code minInvalidNumbers} times in 90 days, or at least {@code minAttempts} contacts in 90
   *     days reached the borrower at a rate of at most {@code maxReachRate}
   * @param doubtfulWillingness trigger on at least {@code minBrokenPromises} broken promises or
   *     {@code minRefusals} refusals in 90 days
   * @param longOverdue trigger from {@code minDpd} days past due
   * @param largeAmount trigger from an overdue amount of {@code minOverdueAmount}
   * @param excludeLitigation exclude loans in litigation
   * @param coolDownDays exclude loans visited fewer than this many days before the as-of date
   * @param excludeDisputed exclude loans flagged {@link #DISPUTED}
   */
  public record Rules(boolean contactFailed, int minInvalidNumbers, int minAttempts,
      double maxReachRate, boolean doubtfulWillingness, int minBrokenPromises, int minRefusals,
      boolean longOverdue, int minDpd, boolean largeAmount, double minOverdueAmount,
      boolean excludeLitigation, int coolDownDays, boolean excludeDisputed) {}

  private Eligibility() {}

  /**
   * Loans whose latest visit on or before {@code asOf} recorded one of {@code reasons} as the
   * reason for being overdue: {@code loan_id}, {@link #DISPUTED} = true. One row per loan.
   */
  public static Dataset<Row> disputes(Dataset<Row> visits, LocalDate asOf, List<String> reasons) {
    Column latestReason = max_by(col("overdue_reason"), col("visit_time"));
    return visits.filter(col("visit_time").cast("date").leq(lit(Date.valueOf(asOf))))
        .groupBy("loan_id").agg(latestReason.as("latest_reason"))
        .filter(col("latest_reason").isin(reasons.toArray()))
        .select(col("loan_id"), lit(true).as(DISPUTED));
  }

  /**
   * Adds {@link #TRIGGER_REASONS} (the triggers that fire, in a fixed order) and
   * {@link #EXCLUSION} (the first exclusion that applies, or {@link #NOT_PAST_DUE} /
   * {@link #NO_TRIGGER}) to feature rows at the as-of date.
   *
   * @param features rows of {@code features/loans} (dpd, overdue_amount, contact counts,
   *     in_litigation, days_since_visit)
   * @param loans {@code loan_id}, {@code written_off_date} of every loan
   * @param disputes rows of {@link #disputes}
   */
  public static Dataset<Row> flag(Dataset<Row> features, Dataset<Row> loans,
      Dataset<Row> disputes, LocalDate asOf, Rules rules) {
    Column attempts = coalesce(col("contact_attempts_90d"), lit(0));
    Column contactFailed = coalesce(col("invalid_number_90d"), lit(0)).geq(rules.minInvalidNumbers())
        .or(attempts.geq(rules.minAttempts()).and(attempts.gt(0))
            .and(coalesce(col("reach_rate_90d"), lit(0.0)).leq(rules.maxReachRate())));
    Column doubtful = coalesce(col("promises_broken_90d"), lit(0)).geq(rules.minBrokenPromises())
        .or(coalesce(col("refusals_90d"), lit(0)).geq(rules.minRefusals()));
    Column triggers = array_compact(array(
        trigger(rules.contactFailed(), contactFailed, CONTACT_FAILED),
        trigger(rules.doubtfulWillingness(), doubtful, DOUBTFUL_WILLINGNESS),
        trigger(rules.longOverdue(), col("dpd").geq(rules.minDpd()), LONG_OVERDUE),
        trigger(rules.largeAmount(), col("overdue_amount").geq(rules.minOverdueAmount()),
            LARGE_AMOUNT)));
    Dataset<Row> writtenOff = loans.filter(col("written_off_date").leq(lit(Date.valueOf(asOf))))
        .select(col("loan_id"), lit(true).as("written_off"));
    Dataset<Row> joined = features
        .join(writtenOff, features.col("loan_id").equalTo(writtenOff.col("loan_id")), "left")
        .drop(writtenOff.col("loan_id"))
        .join(disputes, features.col("loan_id").equalTo(disputes.col("loan_id")), "left")
        .drop(disputes.col("loan_id"));
    Column exclusion = when(coalesce(col("dpd"), lit(0)).leq(0), lit(NOT_PAST_DUE))
        .when(coalesce(col("written_off"), lit(false)), lit(WRITTEN_OFF))
        .when(lit(rules.excludeLitigation()).and(coalesce(col("in_litigation"), lit(false))),
            lit(LITIGATION))
        .when(col("days_since_visit").lt(rules.coolDownDays()), lit(COOL_DOWN))
        .when(lit(rules.excludeDisputed()).and(coalesce(col(DISPUTED), lit(false))),
            lit(DISPUTE))
        .when(size(col(TRIGGER_REASONS)).equalTo(0), lit(NO_TRIGGER));
    return joined.withColumn(TRIGGER_REASONS, triggers)
        .withColumn(EXCLUSION, exclusion)
        .drop("written_off", DISPUTED);
  }

  /** The eligible rows of {@link #flag}: past due, triggered and not excluded. */
  public static Dataset<Row> eligible(Dataset<Row> flagged) {
    return flagged.filter(col(EXCLUSION).isNull()).drop(EXCLUSION);
  }

  private static Column trigger(boolean enabled, Column condition, String code) {
    return enabled ? when(condition, lit(code)) : lit(null).cast("string");
  }
}
