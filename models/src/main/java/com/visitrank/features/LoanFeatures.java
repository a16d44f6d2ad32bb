package com.visitrank.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.visitrank.schema.RawTables;
import com.visitrank.sql.Columns;
import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Point-in-time features and labels of every loan active at each as-of date T. Features use
 * only events dated on or before T (a loan's closure, write-off and litigation dates only through
 * "on or before T"); labels use only what happens after T, and are null unless their horizon
 * ends on or before the data's end.
 */
public final class LoanFeatures {

  /**
   * Label horizons and thresholds.
   *
   * @param longOverdueDays horizon of {@code label_long_overdue_60d}
   * @param longOverdueDpd DPD above which a loan counts as long overdue
   * @param cureDays horizon of {@code label_cure_30d}
   * @param paidDays horizon of {@code label_paid_90d}
   */
  public record Horizons(int longOverdueDays, int longOverdueDpd, int cureDays, int paidDays)
      implements Serializable {

    public static final Horizons DEFAULT = new Horizons(60, 30, 30, 90);

    /**
     * The horizon in days of one of the labels above; empty for any other label (one this job
     * does not define, whose horizon is unknown here).
     */
    public OptionalInt daysOf(String label) {
      return switch (label) {
        case LONG_OVERDUE_LABEL -> OptionalInt.of(longOverdueDays);
        case CURE_LABEL -> OptionalInt.of(cureDays);
        case PAID_LABEL -> OptionalInt.of(paidDays);
        default -> OptionalInt.empty();
      };
    }
  }

  /** Long overdue (or written off) at T + {@link Horizons#longOverdueDays()}. */
  public static final String LONG_OVERDUE_LABEL = "label_long_overdue_60d";
  /** Cured (DPD 0, not written off) at T + {@link Horizons#cureDays()}. */
  public static final String CURE_LABEL = "label_cure_30d";
  /** Amount repaid in (T, T + {@link Horizons#paidDays()}]. */
  public static final String PAID_LABEL = "label_paid_90d";

  private static final int HISTORY_MONTHS = RepaymentState.HISTORY_MONTHS;

  private LoanFeatures() {}

  /**
   * The snapshot rows: one per loan active at each date of {@code dates}.
   *
   * @param loans clean loans
   * @param schedule clean schedule
   * @param payments clean payments
   * @param contacts clean contacts (may be empty)
   * @param visits clean visits (may be empty)
   * @param customers clean customers
   * @param dates one column {@code as_of_date}
   * @param dataEnd the last date the data covers; labels whose horizon ends later are null
   */
  public static Dataset<Row> compute(Dataset<Row> loans, Dataset<Row> schedule,
      Dataset<Row> payments, Dataset<Row> contacts, Dataset<Row> visits, Dataset<Row> customers,
      Dataset<Row> dates, LocalDate dataEnd, Horizons horizons) {
    SparkSession spark = loans.sparkSession();
    return compute(loans, schedule, payments, contacts, visits, customers,
        Statements.byLoan(spark.createDataFrame(List.of(), RawTables.STATEMENTS_SCHEMA)),
        spark.createDataFrame(List.of(), RawTables.OUTCOMES_SCHEMA), dates, dataEnd, horizons);
  }

  /**
   * The snapshot rows of instalment loans (from their schedule) and revolving lines (from their
   * statements) alike: one per loan active at each date of {@code dates}. A loan with neither a
   * schedule nor statements keeps its row, with null delinquency state.
   *
   * @param statementsByLoan {@link Statements#byLoan} of the clean statements (may be empty)
   * @param outcomes clean outcomes: published default flags by loan and date (may be empty)
   * @see #compute(Dataset, Dataset, Dataset, Dataset, Dataset, Dataset, Dataset, LocalDate,
   *     Horizons)
   */
  public static Dataset<Row> compute(Dataset<Row> loans, Dataset<Row> schedule,
      Dataset<Row> payments, Dataset<Row> contacts, Dataset<Row> visits, Dataset<Row> customers,
      Dataset<Row> statementsByLoan, Dataset<Row> outcomes, Dataset<Row> dates,
      LocalDate dataEnd, Horizons horizons) {
    Column active = col("origination_date").leq(col("as_of_date"))
        .and(col("closed_date").isNull().or(col("closed_date").gt(col("as_of_date"))))
        .and(col("written_off_date").isNull()
            .or(col("written_off_date").gt(col("as_of_date"))));
    Dataset<Row> base = loans.crossJoin(broadcast(dates)).filter(active);
    Dataset<Row> keys = base.select("loan_id", "as_of_date");
    LocalDate lastDue = dataEnd.plusDays(Math.max(horizons.longOverdueDays(),
        Math.max(horizons.cureDays(), horizons.paidDays())));
    String[] key = {"loan_id", "as_of_date"};
    Dataset<Row> df = base
        .join(RepaymentState.of(keys, dates, schedule, payments, lastDue, horizons), key, "left")
        .join(ContactHistory.of(keys, dates, contacts, payments), key, "left")
        .join(statementsByLoan, new String[] {"loan_id"}, "left")
        .join(visitArrays(visits), new String[] {"loan_id"}, "left");
    // Columns are added in a few batches, each analysed once (see Columns): one withColumn at a
    // time re-analysed this plan 60-odd times, 3.7-5.6 s of driver time per run.
    Map<String, Column> monthEnds = new LinkedHashMap<>();
    for (int k = 0; k <= HISTORY_MONTHS; k++) {
      monthEnds.put("_dpd" + k, expr(byKind(
          Statements.dpdOfStatus(Statements.statementOf(k) + ".status"), "_dpd" + k)));
    }
    df = Columns.with(df, monthEnds);
    Map<String, Column> state = new LinkedHashMap<>();
    state.put("dpd", col("_dpd0"));
    state.put("bucket", PointInTime.bucket(col("_dpd0")));
    state.put("overdue_class", when(col("_dpd0").isNull(), lit(null).cast("string"))
        .when(col("_dpd0").equalTo(0), lit("none"))
        .when(col("_dpd0").leq(30), lit("short")).otherwise(lit("long")));
    state.put("_statement", expr(Statements.statementOf(0)));
    state.put("overdue_amount", expr(byKind("null",
        "cast(greatest(_due0 - _p0, 0) AS DECIMAL(18,2))")));
    state.put("max_dpd_3m", expr(greatest(0, 2)));
    state.put("max_dpd_6m", expr(greatest(0, 5)));
    state.put("max_dpd_12m", expr(greatest(0, 11)));
    state.put("episodes_30plus_12m", expr(episodes()));
    state.put("cures_12m", expr(byKind(cures(), cures())));
    state.put("months_past_due_12m", expr(byKind(monthsPastDue(), monthsPastDue())));
    state.put("months_since_delinquency", expr("array_position(array("
        + joined("_dpd%d > 0", 0, HISTORY_MONTHS) + "), true) - 1"));
    state.put("paid_to_due_1m", expr("cast(" + byKind(
        Statements.paidToBilled(1), ratio(1)) + " AS DOUBLE)"));
    state.put("paid_to_due_3m", expr("cast(" + byKind(
        Statements.paidToBilled(3), ratio(3)) + " AS DOUBLE)"));
    state.put("paid_to_due_6m", expr("cast(" + byKind(
        Statements.paidToBilled(6), ratio(6)) + " AS DOUBLE)"));
    state.put("days_since_last_payment", expr("datediff(as_of_date, _last_payment)"));
    state.put("installment_amount", col("_first_amount"));
    state.put("partial_payments_6m", expr(byKind("null", "_partial_6m")));
    state.put("payments_12m", expr(byKind("null", "_payments_12m")));
    state.put("late_payments_12m", expr(byKind("null", "_late_12m")));
    state.put("dpd_trend_3m", col("_dpd0").minus(col("_dpd3")));
    state.put("loan_age_months", expr("cast(floor(months_between(as_of_date, "
        + "origination_date)) AS INT)"));
    state.put("remaining_term", expr(byKind("null", "term_months - _due_count")));
    state.put("statement_status_prev", expr(Statements.statementOf(1) + ".status"));
    state.put("months_revolving_6m", expr(byKind(Statements.monthsWithStatus(6, 0), "null")));
    state.put("months_paid_in_full_6m", expr(byKind(
        Statements.monthsWithStatus(6, -1), "null")));
    state.put("months_unused_6m", expr(byKind(Statements.monthsWithStatus(6, -2), "null")));
    state.put("months_delayed_6m", expr(byKind(Statements.monthsDelayed(6), "null")));
    state.put("paid_amount_3m", expr(byKind(Statements.paidSum(3), "null")));
    state.put("utilisation_max_6m", expr(byKind(Statements.maxUtilisation(6), "null")));
    state.put("in_litigation", expr("coalesce(litigation_date <= as_of_date, false)"));
    state.putAll(visitFeatures());
    state.putAll(labels(dataEnd, horizons));
    df = Columns.with(df, state);
    Map<String, Column> statement = new LinkedHashMap<>();
    statement.put("installments_missed", expr(byKind("greatest(_statement.status, 0)",
        "_missed")));
    statement.put("outstanding_principal", expr(byKind("_statement.bill",
        "cast(principal - coalesce(_principal_paid, 0) AS DECIMAL(18,2))")));
    statement.put("months_since_delinquency", when(col("months_since_delinquency").geq(0),
        col("months_since_delinquency")));
    statement.put("utilisation", expr("if(principal > 0, cast(round(_statement.bill / principal,"
        + " 4) AS DOUBLE), null)"));
    statement.put("bill_amount", expr("_statement.bill"));
    statement.put("paid_amount_1m", expr("_statement.paid"));
    statement.put("statement_status", expr("_statement.status"));
    statement.put("bill_change_3m", expr("_statement.bill - "
        + Statements.statementOf(3) + ".bill"));
    df = Columns.with(df, statement)
        .join(outcomes.select(col("loan_id"), col("as_of_date"),
            col("default_next_month").as("label_default_next_month")),
            new String[] {"loan_id", "as_of_date"}, "left");
    df = withCustomerFeatures(df, customers);
    List<Column> out = new ArrayList<>();
    for (FeatureDefinition definition : FeatureCatalog.ALL) {
      out.add(col(definition.name()));
    }
    return df.select(out.toArray(Column[]::new));
  }

  /**
   * SQL choosing by the kind of loan: a revolving line's expression when it has statements, an
   * instalment loan's when it has a schedule, null when it has neither.
   */
  private static String byKind(String revolving, String instalment) {
    return "CASE WHEN " + Statements.STMTS + " IS NOT NULL THEN " + revolving
        + " WHEN _scheduled THEN " + instalment + " END";
  }

  private static String greatest(int from, int to) {
    return "greatest(" + joined("_dpd%d", from, to) + ")";
  }

  private static String joined(String pattern, int from, int to) {
    List<String> parts = new ArrayList<>();
    for (int k = from; k <= to; k++) {
      parts.add(String.format(pattern, k));
    }
    return String.join(", ", parts);
  }

  /** Month ends among the last 12 where DPD crossed above 30 from 30 or below. */
  private static String episodes() {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < HISTORY_MONTHS; k++) {
      parts.add("if(_dpd" + k + " > 30 AND _dpd" + (k + 1) + " <= 30, 1, 0)");
    }
    return String.join(" + ", parts);
  }

  /** Month ends among the last 12 where DPD fell back to 0 from above 0 a month before. */
  private static String cures() {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < HISTORY_MONTHS; k++) {
      parts.add("if(_dpd" + k + " = 0 AND _dpd" + (k + 1) + " > 0, 1, 0)");
    }
    return String.join(" + ", parts);
  }

  /** Monthly dates among T and the 11 before with DPD over 0. */
  private static String monthsPastDue() {
    return "size(filter(array(" + joined("_dpd%d", 0, HISTORY_MONTHS - 1) + "), d -> d > 0))";
  }

  private static String ratio(int months) {
    return "if(_due0 - _due" + months + " > 0, round((_p0 - _p" + months + ") / (_due0 - _due"
        + months + "), 4), null)";
  }

  private static Dataset<Row> visitArrays(Dataset<Row> visits) {
    return visits.groupBy("loan_id").agg(expr("array_sort(collect_list(struct("
        + "to_date(visit_time) AS day, outcome, ability, willingness, agreed_action)))")
        .as("_visits"));
  }

  private static Map<String, Column> visitFeatures() {
    String known = "coalesce(filter(_visits, v -> v.day <= as_of_date), array())";
    String last = "element_at(" + known + ", -1)";
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put("visits_count", expr("size(" + known + ")"));
    columns.put("last_visit_outcome", expr(last + ".outcome"));
    columns.put("last_visit_ability", expr(last + ".ability"));
    columns.put("last_visit_willingness", expr(last + ".willingness"));
    columns.put("last_visit_action", expr(last + ".agreed_action"));
    columns.put("days_since_visit", expr("datediff(as_of_date, " + last + ".day)"));
    return columns;
  }

  private static Map<String, Column> labels(LocalDate dataEnd, Horizons h) {
    Column end = lit(Date.valueOf(dataEnd));
    String longDay = "date_add(as_of_date, " + h.longOverdueDays() + ")";
    String cureDay = "date_add(as_of_date, " + h.cureDays() + ")";
    String paidDay = "date_add(as_of_date, " + h.paidDays() + ")";
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(LONG_OVERDUE_LABEL, when(expr(longDay).leq(end),
        expr("coalesce(written_off_date <= " + longDay + ", false) OR _dpd_long > "
            + h.longOverdueDpd())));
    columns.put(CURE_LABEL, when(expr(cureDay).leq(end),
        expr("NOT coalesce(written_off_date <= " + cureDay + ", false) AND _dpd_cure = 0")));
    columns.put(PAID_LABEL, when(expr(paidDay).leq(end),
        expr("cast(_p_paid - _p0 AS DECIMAL(18,2))")));
    return columns;
  }

  private static Dataset<Row> withCustomerFeatures(Dataset<Row> df, Dataset<Row> customers) {
    WindowSpec sameCustomer = Window.partitionBy("customer_id", "as_of_date");
    Dataset<Row> people = customers.select(col("customer_id"), col("region").as("_c_region"),
        col("district"), col("occupation"), col("employer_type"), col("monthly_income"),
        col("birth_year"), col("customer_since"));
    Map<String, Column> pooled = new LinkedHashMap<>();
    pooled.put("other_loans", expr("count(1)").over(sameCustomer).minus(1));
    pooled.put("other_loans_overdue", sum(when(col("dpd").gt(0), 1).otherwise(0))
        .over(sameCustomer).minus(when(col("dpd").gt(0), 1).otherwise(0)));
    pooled.put("customer_payments_12m", sum("payments_12m").over(sameCustomer).cast("int"));
    pooled.put("customer_late_payments_12m", sum("late_payments_12m").over(sameCustomer)
        .cast("int"));
    Map<String, Column> person = new LinkedHashMap<>();
    person.put("customer_region", col("_c_region"));
    person.put("customer_age", expr("year(as_of_date) - birth_year"));
    person.put("tenure_months", expr("cast(floor(months_between(as_of_date, "
        + "customer_since)) AS INT)"));
    // People first, then the window: when they are too many to broadcast, the join's
    // partitioning by customer serves the window too, and the wide rows are shuffled once.
    return Columns.with(Columns.with(df.join(people, new String[] {"customer_id"}, "left"),
        pooled), person);
  }
}
