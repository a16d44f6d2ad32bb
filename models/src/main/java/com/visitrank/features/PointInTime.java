package com.visitrank.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Loan state at any date from per-loan arrays, for a few loans and dates (the evaluation of
 * visit plans): each loan's schedule and payments are gathered into arrays sorted in time, with
 * cumulative amounts, and the state at a date D is read off them with Spark's higher-order
 * functions. (The features of every loan come from {@link RepaymentState}, which computes the
 * same state relationally.) Payments go to the oldest instalment first, so at D:
 *
 * <ul>
 *   <li>paid(D) = cumulative payments dated on or before D;
 *   <li>the oldest unpaid instalment is the first one due on or before D whose cumulative due
 *       exceeds paid(D); DPD is D minus its due date (0 when there is none).
 * </ul>
 */
public final class PointInTime {

  /** Per loan: {@code dues} (due_date, cum_due, cum_principal) and {@code paid} (date, cum). */
  public static final String DUES = "_dues";
  public static final String PAID = "_paid";

  /**
   * Amounts in the arrays, cumulative ones included: decimal(18,2) fits in a long, so that the
   * array scans compare longs (a sum's decimal(28,2) would be a BigInteger per element).
   */
  private static final String MONEY = "DECIMAL(18,2)";

  private PointInTime() {}

  /**
   * Gathers each loan's schedule into {@link #DUES}: one sorted array of (due_date, cum_due,
   * cum_principal, amount), keeping instalments due up to {@code lastDate} (later ones cannot
   * matter). One shuffle by loan.
   */
  public static Dataset<Row> dues(Dataset<Row> schedule, LocalDate lastDate) {
    Column amount = col("principal_due").plus(col("interest_due"));
    org.apache.spark.sql.expressions.WindowSpec order =
        Window.partitionBy("loan_id").orderBy("installment_no");
    return schedule.filter(col("due_date").leq(lit(Date.valueOf(lastDate))))
        .withColumn("cum_due", sum(amount).over(order).cast(MONEY))
        .withColumn("cum_principal", sum(col("principal_due")).over(order).cast(MONEY))
        .groupBy("loan_id")
        .agg(expr("array_sort(collect_list(struct(due_date, cum_due, cum_principal, "
            + "cast(principal_due + interest_due AS " + MONEY + ") AS amount)))").as(DUES));
  }

  /** Gathers each loan's payments into {@link #PAID}: sorted (date, amount, cum). */
  public static Dataset<Row> paid(Dataset<Row> payments) {
    org.apache.spark.sql.expressions.WindowSpec order = Window.partitionBy("loan_id")
        .orderBy("payment_date", "payment_id");
    return payments
        .withColumn("cum", sum(col("amount")).over(order).cast(MONEY))
        .groupBy("loan_id")
        .agg(expr("array_sort(collect_list(struct(payment_date AS date, amount, cum)))")
            .as(PAID));
  }

  /** SQL for the cumulative amount paid on or before the date expression {@code d}. */
  public static String paidBy(String d) {
    return "coalesce(element_at(filter(" + PAID + ", p -> p.date <= " + d + "), -1).cum, 0)";
  }

  /**
   * SQL for the days past due at {@code d}, given the column {@code paid} holding
   * {@link #paidBy} of the same date (computed once, outside the array scan).
   */
  public static String dpdAt(String d, String paid) {
    return "coalesce(datediff(" + d + ", element_at(filter(" + DUES + ", s -> s.due_date <= " + d
        + " AND s.cum_due > " + paid + "), 1).due_date), 0)";
  }

  /**
   * The bucket of a DPD column: M0, M1 (1-30), M2 (31-60), M3 (61-90), M4+ (over 90); null when
   * the DPD is unknown.
   */
  public static Column bucket(Column dpd) {
    return org.apache.spark.sql.functions.when(dpd.isNull(), lit(null).cast("string"))
        .when(dpd.equalTo(0), lit("M0"))
        .when(dpd.leq(30), lit("M1")).when(dpd.leq(60), lit("M2")).when(dpd.leq(90), lit("M3"))
        .otherwise(lit("M4+"));
  }

  /** The schema of an as-of date list. */
  public static StructType datesSchema() {
    return new StructType().add("as_of_date", DataTypes.DateType, false);
  }
}
