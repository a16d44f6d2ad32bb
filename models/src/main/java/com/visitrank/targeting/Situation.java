package com.visitrank.targeting;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The borrower's predicted situation, read from traces in the features, and the visit approach
 * it calls for. The first matching rule wins:
 *
 * <ol>
 *   <li>{@code unreachable}: a contact found the number invalid in 90 days, or 3+ contacts in 90
 *       days never reached the borrower, or the latest visit found the address invalid; approach
 *       {@code locate_and_verify_contact}.
 *   <li>{@code hardship}: the latest visit assessed ability as unable or partial, or there were
 *       partial payments in 6 months; approach {@code instalment_plan_or_restructuring}.
 *   <li>{@code unwilling}: refusals or broken promises in 90 days, or the latest visit found the
 *       borrower refusing; approach {@code formal_notice_of_legal_consequences}.
 *   <li>{@code other}: approach {@code payment_reminder}.
 * </ol>
 */
public final class Situation {

  public static final String SITUATION = "situation";
  public static final String APPROACH = "approach";

  public static final String UNREACHABLE = "unreachable";
  public static final String HARDSHIP = "hardship";
  public static final String UNWILLING = "unwilling";
  public static final String OTHER = "other";

  public static final String LOCATE = "locate_and_verify_contact";
  public static final String RESTRUCTURE = "instalment_plan_or_restructuring";
  public static final String LEGAL_NOTICE = "formal_notice_of_legal_consequences";
  public static final String REMINDER = "payment_reminder";

  private Situation() {}

  /** Adds {@link #SITUATION} and {@link #APPROACH} to feature rows. */
  public static Dataset<Row> predict(Dataset<Row> features) {
    Column attempts = coalesce(col("contact_attempts_90d"), lit(0));
    Column unreachable = invalidNumber()
        .or(attempts.geq(3).and(coalesce(col("reach_rate_90d"), lit(0.0)).equalTo(0.0)))
        .or(addressInvalid());
    Column hardship = coalesce(col("last_visit_ability"), lit("")).isin("unable", "partial")
        .or(coalesce(col("partial_payments_6m"), lit(0)).gt(0));
    Column unwilling = refused().or(coalesce(col("promises_broken_90d"), lit(0)).gt(0));
    Column situation = when(unreachable, lit(UNREACHABLE)).when(hardship, lit(HARDSHIP))
        .when(unwilling, lit(UNWILLING)).otherwise(lit(OTHER));
    return features.withColumn(SITUATION, situation).withColumn(APPROACH, approach(col(SITUATION)));
  }

  /** A contact found the number invalid in 90 days. */
  public static Column invalidNumber() {
    return coalesce(col("invalid_number_90d"), lit(0)).gt(0);
  }

  /** The latest visit found the address invalid. */
  public static Column addressInvalid() {
    return coalesce(col("last_visit_outcome"), lit("")).equalTo("address_invalid");
  }

  /** Refusals in 90 days, or the latest visit found the borrower refusing. */
  public static Column refused() {
    return coalesce(col("refusals_90d"), lit(0)).gt(0)
        .or(coalesce(col("last_visit_willingness"), lit("")).equalTo("refuses"));
  }

  /** The approach for a situation column. */
  public static Column approach(Column situation) {
    return when(situation.equalTo(UNREACHABLE), lit(LOCATE))
        .when(situation.equalTo(HARDSHIP), lit(RESTRUCTURE))
        .when(situation.equalTo(UNWILLING), lit(LEGAL_NOTICE))
        .otherwise(lit(REMINDER));
  }
}
