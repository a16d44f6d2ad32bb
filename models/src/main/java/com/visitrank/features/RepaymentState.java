package com.visitrank.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The repayment state of instalment loans at each as-of date T and at the dates its features
 * and labels look at (T minus 0..12 months, T plus the label horizons), computed relationally:
 * one pass over the payments and one over the schedule, each joined to the (loan, T) keys and
 * reduced by conditional aggregates, so that no per-loan array is built or scanned. Payments go
 * to the oldest instalment first, so at a date D:
 *
 * <ul>
 *   <li>paid(D) = payments dated on or before D;
 *   <li>the oldest unpaid instalment is the earliest one due on or before D whose cumulative
 *       amount due exceeds paid(D); DPD is D minus its due date (0 when there is none).
 * </ul>
 *
 * <p>Columns (besides {@code loan_id}, {@code as_of_date}): {@code _scheduled} (the loan has a
 * schedule), {@code _dpd<k>} DPD at T minus k months (k = 0..12), {@code _dpd_cure} and
 * {@code _dpd_long} at the label days, {@code _p<k>} and {@code _due<k>} paid and due by T minus
 * k months (k = 0, 1, 3, 6), {@code _p_paid} paid by the paid-label day, {@code _missed},
 * {@code _principal_paid}, {@code _due_count} (instalments due by T), {@code _first_amount},
 * {@code _last_payment}, {@code _partial_6m}, {@code _payments_12m} and {@code _late_12m}
 * (payments of the last 12 months, and those of them made later in their month than the loan's
 * due day, the day of month of its first instalment). Amounts are decimal(18,2).
 */
final class RepaymentState {

  /** Months of month-end DPD history kept to compute the 3/6/12-month windows. */
  static final int HISTORY_MONTHS = 12;

  /** Months back whose amounts paid and due the paid-to-due ratios need. */
  private static final int[] AMOUNT_MONTHS = {0, 1, 3, 6};

  private RepaymentState() {}

  /** SQL for the date k months before as_of_date (Spark's add_months: June 30 - 1 = May 30). */
  static String monthsBack(int k) {
    return k == 0 ? "as_of_date" : "add_months(as_of_date, -" + k + ")";
  }

  /**
   * The state of every key.
   *
   * @param keys {@code loan_id}, {@code as_of_date}, one row per loan and date
   * @param dates the as-of dates of the keys, one column {@code as_of_date}
   * @param schedule clean schedule (instalments due after {@code lastDue} are left out: no date
   *     looked at is later)
   * @param payments clean payments
   */
  static Dataset<Row> of(Dataset<Row> keys, Dataset<Row> dates, Dataset<Row> schedule,
      Dataset<Row> payments, LocalDate lastDue, LoanFeatures.Horizons horizons) {
    Map<String, String> days = days(horizons);
    // Each named date is computed once per as-of date and joined on: add_months on every joined
    // payment and instalment row (16 dates each) cost about 5 s of CPU per 200,000 loans.
    List<Column> named = new ArrayList<>();
    named.add(col("as_of_date"));
    days.forEach((name, sql) -> named.add(expr(sql).as(at(name))));
    Dataset<Row> dayTable = broadcast(dates.select(named.toArray(Column[]::new)));
    Dataset<Row> paid = paidState(keys, schedule, payments, days, dayTable, lastDue);
    Dataset<Row> state = dueState(paid, schedule, days, dayTable, lastDue);
    List<Column> out = new ArrayList<>();
    out.add(col("loan_id"));
    out.add(col("as_of_date"));
    out.add(col("_scheduled"));
    for (String day : days.keySet()) {
      if (!day.equals("paid")) {
        out.add(expr("coalesce(datediff(" + days.get(day) + ", _o_" + day + "), 0)")
            .as("_dpd" + (day.startsWith("m") ? day.substring(1) : "_" + day)));
      }
    }
    for (int k : AMOUNT_MONTHS) {
      out.add(Cents.money(col("_pc_m" + k)).as("_p" + k));
      out.add(Cents.money(expr("coalesce(_duec_m" + k + ", 0)")).as("_due" + k));
    }
    out.add(Cents.money(col("_pc_paid")).as("_p_paid"));
    out.add(col("_missed"));
    out.add(Cents.money(col("_principal_paid_c")).as("_principal_paid"));
    out.add(col("_due_count"));
    out.add(Cents.money(col("_first_c")).as("_first_amount"));
    out.add(col("_last_payment"));
    out.add(col("_partial_6m"));
    out.add(col("_payments_12m"));
    out.add(col("_late_12m"));
    return state.select(out.toArray(Column[]::new));
  }

  /** The column holding a named date, computed once per as-of date. */
  private static String at(String day) {
    return "_at_" + day;
  }

  /** Named dates as SQL on as_of_date: m0..m12 months back, then the label days. */
  private static Map<String, String> days(LoanFeatures.Horizons h) {
    Map<String, String> days = new LinkedHashMap<>();
    for (int k = 0; k <= HISTORY_MONTHS; k++) {
      days.put("m" + k, monthsBack(k));
    }
    days.put("cure", "date_add(as_of_date, " + h.cureDays() + ")");
    days.put("long", "date_add(as_of_date, " + h.longOverdueDays() + ")");
    days.put("paid", "date_add(as_of_date, " + h.paidDays() + ")");
    return days;
  }

  /**
   * Per key: paid (cents) by each named date, the latest payment by T, the payments of the last
   * 6 months smaller than the first instalment, and the payments of the last 12 months with those
   * of them made after the due day. One shuffle of the payments by loan.
   */
  private static Dataset<Row> paidState(Dataset<Row> keys, Dataset<Row> schedule,
      Dataset<Row> payments, Map<String, String> days, Dataset<Row> dayTable,
      LocalDate lastDue) {
    Dataset<Row> first = schedule.filter(col("installment_no").equalTo(1)
            .and(col("due_date").leq(lit(Date.valueOf(lastDue)))))
        .select(col("loan_id"), Cents.of(col("principal_due")).plus(Cents.of(col("interest_due")))
            .as("_first_c"), dayofmonth(col("due_date")).as("_due_day"));
    Dataset<Row> pay = payments.select(col("loan_id"), col("payment_date").as("_pay_date"),
        Cents.of(col("amount")).as("_pay_c"));
    Column date = col("_pay_date");
    List<Column> aggs = new ArrayList<>();
    for (Map.Entry<String, String> day : days.entrySet()) {
      aggs.add(sum(when(date.leq(col(at(day.getKey()))), col("_pay_c")).otherwise(0L))
          .as("_pc_" + day.getKey()));
    }
    aggs.add(max(when(date.leq(col("as_of_date")), date)).as("_last_payment"));
    aggs.add(count(when(inLastMonths(date, 6).and(col("_pay_c").lt(col("_first_c"))), 1))
        .cast("int").as("_partial_6m"));
    aggs.add(count(when(inLastMonths(date, 12), 1)).cast("int").as("_payments_12m"));
    aggs.add(count(when(inLastMonths(date, 12).and(dayofmonth(date).gt(col("_due_day"))), 1))
        .cast("int").as("_late_12m"));
    aggs.add(max("_first_c").as("_first_c"));
    return keys.join(dayTable, "as_of_date").join(first, new String[] {"loan_id"}, "left")
        .join(pay, new String[] {"loan_id"}, "left")
        .groupBy("loan_id", "as_of_date")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** Whether {@code date} is in the {@code months} months up to T: (T - months, T]. */
  private static Column inLastMonths(Column date, int months) {
    return date.gt(col(at("m" + months))).and(date.leq(col("as_of_date")));
  }

  /**
   * Adds to each key of {@link #paidState} the oldest unpaid due date at each named date,
   * amounts due, unpaid and paid-off instalments (null, and {@code _scheduled} false, without a
   * schedule). Cumulative amounts come from one window over each loan's instalments (a shuffle
   * and sort of the schedule by loan); the keys join it on the same partitioning, and the paid
   * state rides along as grouping columns so that it is computed once.
   */
  private static Dataset<Row> dueState(Dataset<Row> paid, Dataset<Row> schedule,
      Map<String, String> days, Dataset<Row> dayTable, LocalDate lastDue) {
    org.apache.spark.sql.expressions.WindowSpec order =
        Window.partitionBy("loan_id").orderBy("installment_no");
    Dataset<Row> dues = schedule.filter(col("due_date").leq(lit(Date.valueOf(lastDue))))
        .select(col("loan_id"), col("installment_no"), col("due_date"),
            Cents.of(col("principal_due")).as("_principal_c"),
            Cents.of(col("principal_due")).plus(Cents.of(col("interest_due"))).as("_amount_c"))
        .withColumn("_cum_due", sum("_amount_c").over(order))
        .withColumn("_cum_principal", sum("_principal_c").over(order))
        .select("loan_id", "due_date", "_cum_due", "_cum_principal");
    Column due = col("due_date");
    Column cum = col("_cum_due");
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(due).gt(0).as("_scheduled"));
    for (Map.Entry<String, String> day : days.entrySet()) {
      if (!day.getKey().equals("paid")) {
        aggs.add(min(when(due.leq(col(at(day.getKey())))
            .and(cum.gt(col("_pc_" + day.getKey()))), due)).as("_o_" + day.getKey()));
      }
    }
    for (int k : AMOUNT_MONTHS) {
      aggs.add(max(when(due.leq(col(at("m" + k))), cum)).as("_duec_m" + k));
    }
    Column dueByT = due.leq(col("as_of_date"));
    aggs.add(count(when(dueByT.and(cum.gt(col("_pc_m0"))), 1)).cast("int").as("_missed"));
    aggs.add(max(when(cum.leq(col("_pc_m0")), col("_cum_principal")))
        .as("_principal_paid_c"));
    aggs.add(count(when(dueByT, 1)).cast("int").as("_due_count"));
    return paid.join(dayTable, "as_of_date").join(dues, new String[] {"loan_id"}, "left")
        .groupBy(Arrays.stream(paid.columns()).map(c -> col(c)).toArray(Column[]::new))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }
}
