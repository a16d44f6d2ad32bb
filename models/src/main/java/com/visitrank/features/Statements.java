package com.visitrank.features;

import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Delinquency state of revolving lines (credit cards) from their monthly statements, the way
 * {@link PointInTime} reads it from an instalment schedule. A statement reports the balance
 * billed, the amount paid in the month and the repayment status: -2 no use, -1 paid in full,
 * 0 revolving (minimum paid), n = n months of delay. DPD at a month end is taken as 30 days per
 * month of delay on that month's statement; a month without a statement has no state (null).
 */
public final class Statements {

  /** Per loan: {@code _stmts}, sorted (date, bill, paid, status). */
  public static final String STMTS = "_stmts";

  private Statements() {}

  /** Gathers each loan's statements into {@link #STMTS}. One shuffle by loan. */
  public static Dataset<Row> byLoan(Dataset<Row> statements) {
    return statements.groupBy("loan_id").agg(expr("array_sort(collect_list(struct("
        + "statement_date AS date, bill_amount AS bill, paid_amount AS paid, "
        + "repayment_status AS status)))").as(STMTS));
  }

  /**
   * SQL for the statement of the calendar month {@code monthsBack} months before the month of
   * {@code as_of_date}, if it is dated on or before {@code as_of_date}. (Months are matched by
   * their first day: Spark's add_months keeps the day of month, so 30 September minus a month is
   * 30 August, which would miss a statement of 31 August.)
   */
  public static String statementOf(int monthsBack) {
    return "element_at(filter(" + STMTS + ", s -> s.date <= as_of_date AND trunc(s.date, 'MM') = "
        + monthStart(monthsBack) + "), -1)";
  }

  private static String monthStart(int monthsBack) {
    return "trunc(add_months(as_of_date, -" + monthsBack + "), 'MM')";
  }

  /**
   * SQL for the statements of {@code months} calendar months, ending {@code skip} months before
   * the month of as_of_date (and never after as_of_date).
   */
  private static String lastMonths(int months, int skip) {
    String before = skip == 0 ? "" : " AND s.date < " + monthStart(skip - 1);
    return "filter(" + STMTS + ", s -> s.date <= as_of_date" + before + " AND s.date >= "
        + monthStart(months + skip - 1) + ")";
  }

  /** SQL for the DPD a status implies: 30 days per month of delay, 0 otherwise. */
  public static String dpdOfStatus(String status) {
    return "if(" + status + " > 0, " + status + " * 30, 0)";
  }

  /**
   * SQL for paid over billed across the last {@code months} statements up to as_of_date: the
   * amounts paid in those months over the bills of the months before each (a payment settles
   * the previous statement). Null when nothing was billed.
   */
  public static String paidToBilled(int months) {
    String paid = "aggregate(" + lastMonths(months, 0) + ", cast(0 AS DOUBLE), "
        + "(acc, s) -> acc + coalesce(cast(s.paid AS DOUBLE), 0))";
    String billed = "aggregate(" + lastMonths(months, 1) + ", cast(0 AS DOUBLE), "
        + "(acc, s) -> acc + coalesce(cast(s.bill AS DOUBLE), 0))";
    return "if(" + billed + " > 0, round(" + paid + " / " + billed + ", 4), null)";
  }

  /** SQL for the number of the last {@code months} statements with some months of delay. */
  public static String monthsDelayed(int months) {
    return "size(filter(" + lastMonths(months, 0) + ", s -> s.status > 0))";
  }

  /** SQL for the amount paid in the last {@code months} statement months (0 when none). */
  public static String paidSum(int months) {
    return "aggregate(" + lastMonths(months, 0) + ", cast(0 AS DECIMAL(18,2)), (acc, s) -> "
        + "cast(acc + coalesce(s.paid, 0) AS DECIMAL(18,2)))";
  }

  /**
   * SQL for the highest balance billed on the last {@code months} statements over the credit
   * limit {@code principal} (null without a statement or a limit).
   */
  public static String maxUtilisation(int months) {
    return "if(principal > 0, cast(round(array_max(transform(" + lastMonths(months, 0)
        + ", s -> s.bill)) / principal, 4) AS DOUBLE), null)";
  }

  /** SQL for the number of the last {@code months} statements with the given status. */
  public static String monthsWithStatus(int months, int status) {
    return "size(filter(" + lastMonths(months, 0) + ", s -> s.status = " + status + "))";
  }
}
