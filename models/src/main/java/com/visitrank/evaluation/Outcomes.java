package com.visitrank.evaluation;

import static com.visitrank.features.PointInTime.DUES;
import static com.visitrank.features.PointInTime.PAID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.visitrank.features.PointInTime;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * What happened to each planned loan 30, 60 and 90 days after its plan date T, read off the
 * loan's dated events with {@link PointInTime} (the features job's definitions of DPD, bucket
 * and amounts paid):
 *
 * <ul>
 *   <li>cured: DPD 0 and not written off at T+h;
 *   <li>rolled forward: a worse bucket at T+h than at T (written off counts as the worst);
 *   <li>recovered: payments dated in (T, T+h];
 *   <li>visits, met, cost: visits dated in (T, T+h], met when an officer met the borrower or the
 *       family; the plan's findings (reason, ability, ...) come from the first meeting in
 *       (T, T+{@value #VISIT_WINDOW_DAYS}];
 *   <li>promises: those made on those visits and due by T+h; kept when the payments from the
 *       visit day to the promised date reach the promised amount;
 *   <li>pre_paid: payments in the pre-period before T, the CUPED covariate;
 *   <li>realised_label: long overdue at T+L (DPD above the threshold, or written off), the
 *       label the delinquency model predicts, for monitoring.
 * </ul>
 *
 * Outcomes of a horizon that ends after the as-of date are null ({@code matured} false).
 */
public final class Outcomes {

  /** Days after the plan date within which a visit counts as the plan's visit. */
  public static final int VISIT_WINDOW_DAYS = 30;

  private Outcomes() {}

  /**
   * Parameters of the outcome definitions.
   *
   * @param asOf the evaluation date: horizons ending after it are pending
   * @param prePeriodDays days before T whose payments form the CUPED covariate
   * @param labelDays horizon of the realised model label
   * @param labelDpd DPD above which a loan is long overdue
   */
  public record Definitions(LocalDate asOf, int prePeriodDays, int labelDays, int labelDpd) {}

  /**
   * The plan outcomes, one row per plan row and horizon, in the columns of
   * {@link EvaluationTables#PLAN_OUTCOMES_SCHEMA} without the evaluation date.
   *
   * @param plans {@link Plans#withTargets}
   * @param loans clean loans
   * @param customers clean customers (for the segment: occupation)
   * @param dues {@link PointInTime#dues} of the clean schedule
   * @param paid {@link PointInTime#paid} of the clean payments
   * @param visits clean visits
   */
  public static Dataset<Row> compute(Dataset<Row> plans, Dataset<Row> loans,
      Dataset<Row> customers, Dataset<Row> dues, Dataset<Row> paid, Dataset<Row> visits,
      Definitions d) {
    Dataset<Row> visitArrays = visits.groupBy("loan_id").agg(expr("array_sort(collect_list("
        + "struct(to_date(visit_time) AS day, visit_time, outcome, overdue_reason, ability,"
        + " willingness, info_verified, agreed_action, promised_amount, promised_date,"
        + " cast(cost AS DOUBLE) AS cost)))").as("_visits"));
    Dataset<Row> base = plans
        .join(loans.select(col("loan_id"), col("customer_id"), col("product"), col("region"),
            col("written_off_date")), "loan_id")
        .join(customers.select(col("customer_id"), col("occupation").as("segment")),
            new String[] {"customer_id"}, "left")
        .join(dues, new String[] {"loan_id"}, "left")
        .withColumn(DUES, expr("coalesce(" + DUES + ", array())"))
        .join(paid, new String[] {"loan_id"}, "left")
        .withColumn(PAID, expr("coalesce(" + PAID + ", array())"))
        .join(visitArrays, new String[] {"loan_id"}, "left")
        .withColumn("_visits", expr("coalesce(_visits, array())"));

    String labelDay = "date_add(plan_date, " + d.labelDays() + ")";
    Dataset<Row> perPlan = base
        .withColumn("_p0", expr(PointInTime.paidBy("plan_date")))
        .withColumn("dpd_at_plan", expr(PointInTime.dpdAt("plan_date", "_p0")))
        .withColumn("bucket_at_plan", PointInTime.bucket(col("dpd_at_plan")))
        .withColumn("pre_paid", expr("cast(_p0 - " + PointInTime.paidBy(
            "date_sub(plan_date, " + d.prePeriodDays() + ")") + " AS DOUBLE)"))
        .withColumn("_first", expr("element_at(filter(_visits, v -> v.day > plan_date AND"
            + " v.day <= date_add(plan_date, " + VISIT_WINDOW_DAYS + ") AND v.outcome LIKE"
            + " 'met%'), 1)"))
        .withColumn("_pl", expr(PointInTime.paidBy(labelDay)))
        .withColumn("realised_label", when(expr(labelDay).leq(lit(Date.valueOf(d.asOf()))),
            expr("coalesce(written_off_date <= " + labelDay + ", false) OR "
                + PointInTime.dpdAt(labelDay, "_pl") + " > " + d.labelDpd())));

    Column[] horizons = EvaluationTables.HORIZONS.stream().map(h -> lit(h))
        .toArray(Column[]::new);
    String end = "date_add(plan_date, horizon_days)";
    String window = "filter(_visits, v -> v.day > plan_date AND v.day <= " + end + ")";
    String promises = "filter(" + window + ", v -> v.promised_date IS NOT NULL AND"
        + " v.promised_amount IS NOT NULL AND v.promised_date <= " + end + ")";
    String kept = "v -> " + PointInTime.paidBy("v.promised_date") + " - "
        + PointInTime.paidBy("date_sub(v.day, 1)") + " >= v.promised_amount";
    Column matured = col("matured");
    Dataset<Row> df = perPlan
        .withColumn("horizon_days", org.apache.spark.sql.functions.explode(
            org.apache.spark.sql.functions.array(horizons)))
        .withColumn("matured", expr(end).leq(lit(Date.valueOf(d.asOf()))))
        .withColumn("_ph", expr(PointInTime.paidBy(end)))
        .withColumn("_dpdh", expr(PointInTime.dpdAt(end, "_ph")))
        .withColumn("_wo", expr("coalesce(written_off_date <= " + end + ", false)"))
        .withColumn("cured", when(matured, expr("NOT _wo AND _dpdh = 0")))
        .withColumn("rolled_forward", when(matured, expr("if(_wo, 5, "
            + rank("_dpdh") + ") > " + rank("dpd_at_plan"))))
        .withColumn("recovered", when(matured, expr("cast(_ph - _p0 AS DOUBLE)")))
        .withColumn("visits", when(matured, expr("size(" + window + ")")))
        .withColumn("met", when(matured, expr("exists(" + window
            + ", v -> v.outcome LIKE 'met%')")))
        .withColumn("promises_made", when(matured, expr("size(" + promises + ")")))
        .withColumn("promises_kept", when(matured, expr("size(filter(" + promises + ", " + kept
            + "))")))
        .withColumn("cost", when(matured, expr("aggregate(" + window
            + ", 0D, (acc, v) -> acc + coalesce(v.cost, 0D))")));
    List<Column> out = new ArrayList<>();
    for (StructField field : EvaluationTables.PLAN_OUTCOMES_SCHEMA.fields()) {
      String name = field.name();
      if (name.equals(EvaluationTables.EVALUATION_DATE)) {
        continue;
      }
      Column c = switch (name) {
        case "overdue_reason", "ability", "willingness", "info_verified", "agreed_action" ->
            col("_first." + name);
        default -> col(name);
      };
      out.add(c.cast(field.dataType()).as(name));
    }
    return df.select(out.toArray(Column[]::new));
  }

  /** SQL for the order of a DPD's bucket: 0 (M0) .. 4 (M4+). */
  private static String rank(String dpd) {
    return "CASE WHEN " + dpd + " = 0 THEN 0 WHEN " + dpd + " <= 30 THEN 1 WHEN " + dpd
        + " <= 60 THEN 2 WHEN " + dpd + " <= 90 THEN 3 ELSE 4 END";
  }

  /**
   * Per plan date, horizon and arm ({@code visit} or {@code control}): loans, rates, amounts,
   * promises, visits and cost ({@link EvaluationTables#OUTCOMES_SCHEMA} without the evaluation
   * date); {@code status} is {@code matured} or {@code pending}, and pending rows carry counts
   * only.
   */
  public static Dataset<Row> summary(Dataset<Row> planOutcomes) {
    return planOutcomes
        .withColumn("arm", when(col("control_group"), lit("control")).otherwise(lit("visit")))
        .groupBy("plan_date", "horizon_days", "arm")
        .agg(expr("if(bool_and(matured), 'matured', 'pending')").as("status"),
            expr("count(1)").as("loans"),
            expr("avg(cast(cured AS DOUBLE))").as("cure_rate"),
            expr("avg(cast(rolled_forward AS DOUBLE))").as("roll_forward_rate"),
            expr("sum(recovered)").as("recovered_total"),
            expr("avg(recovered)").as("recovered_mean"),
            expr("sum(promises_made)").cast("long").as("promises_made"),
            expr("sum(promises_kept)").cast("long").as("promises_kept"),
            expr("sum(promises_kept) / nullif(sum(promises_made), 0)")
                .as("promise_kept_share"),
            expr("sum(visits)").cast("long").as("visits"),
            expr("sum(cast(met AS INT))").cast("long").as("met"),
            expr("sum(cost)").as("cost"))
        .orderBy("plan_date", "horizon_days", "arm");
  }
}
