package com.visitrank.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * What visits found, among planned loans whose borrower (or family) was met within the plan's
 * visit window: overdue reasons, ability and willingness, agreed actions and whether declared
 * information held up on site, by segment; and the traits common to each kind of overdue
 * borrower. Outcomes here are among visited loans only: descriptive, not causal effects.
 */
public final class Findings {

  private Findings() {}

  private static Dataset<Row> met(Dataset<Row> planOutcomes) {
    return planOutcomes.filter(col("horizon_days").equalTo(30).and(col("overdue_reason")
        .isNotNull()).and(expr("NOT control_group")));
  }

  /**
   * {@link EvaluationTables#FINDINGS_SCHEMA} without the evaluation date. {@code share} is the
   * finding's share of the met borrowers in the segment; cure rate and mean amount recovered at
   * 30 days are null when the group has fewer than {@code minGroupSize} borrowers
   * ({@code too_few}) or the 30-day window is still open.
   */
  public static Dataset<Row> findings(Dataset<Row> planOutcomes, int minGroupSize) {
    String findings = "array(named_struct('finding', 'overdue_reason', 'value', overdue_reason),"
        + " named_struct('finding', 'ability_willingness', 'value', concat_ws('/',"
        + " coalesce(ability, 'unknown'), coalesce(willingness, 'unknown'))),"
        + " named_struct('finding', 'agreed_action', 'value', coalesce(agreed_action, 'none')),"
        + " named_struct('finding', 'verification', 'value', CASE WHEN info_verified THEN"
        + " 'verified' WHEN NOT info_verified THEN 'failed' ELSE 'unknown' END))";
    String segments = "array(named_struct('dimension', 'all', 'value', 'all'),"
        + " named_struct('dimension', 'bucket', 'value', bucket_at_plan),"
        + " named_struct('dimension', 'product', 'value', coalesce(product, 'unknown')),"
        + " named_struct('dimension', 'segment', 'value', coalesce(segment, 'unknown')))";
    return met(planOutcomes)
        .withColumn("_f", expr("explode(" + findings + ")"))
        .withColumn("_s", expr("explode(" + segments + ")"))
        .groupBy(col("_f.finding").as("finding"), col("_f.value").as("finding_value"),
            col("_s.dimension").as("segment_dimension"), col("_s.value").as("segment_value"))
        .agg(expr("count(1)").as("met"),
            expr("sum(if(info_verified = false, 1, 0))").cast("long").as("verification_failed"),
            expr("avg(cast(cured AS DOUBLE))").as("_cure"),
            expr("avg(recovered)").as("_recovered"))
        .withColumn("share", col("met").divide(expr("sum(met)").over(Window.partitionBy(
            "finding", "segment_dimension", "segment_value"))))
        .withColumn("too_few", col("met").lt(minGroupSize))
        .select(col("finding"), col("finding_value"), col("segment_dimension"),
            col("segment_value"), col("met"), col("share"), col("verification_failed"),
            expr("if(too_few, null, _cure)").as("cure_rate_30d"),
            expr("if(too_few, null, _recovered)").as("recovered_mean_30d"), col("too_few"));
  }

  /** {@link EvaluationTables#TRAITS_SCHEMA} without the evaluation date, by overdue reason. */
  public static Dataset<Row> traits(Dataset<Row> planOutcomes) {
    Dataset<Row> met = met(planOutcomes);
    Dataset<Row> base = met.groupBy("overdue_reason").agg(
        expr("count(1)").as("borrowers"),
        expr("avg(dpd_at_plan)").as("mean_dpd_at_plan"),
        expr("avg(if(dpd_at_plan > 30, 1D, 0D))").as("share_long_overdue"),
        expr("avg(pre_paid)").as("mean_pre_paid"),
        expr("avg(if(ability = 'unable', 1D, 0D))").as("unable_share"),
        expr("avg(if(willingness IN ('reluctant', 'refuses'), 1D, 0D))").as("unwilling_share"),
        expr("avg(if(info_verified = false, 1D, 0D))").as("verification_failed_share"));
    return base
        .join(top(met, "product"), "overdue_reason")
        .join(top(met, "segment"), "overdue_reason")
        .select(col("overdue_reason"), col("borrowers"), col("mean_dpd_at_plan"),
            col("share_long_overdue"), col("mean_pre_paid"), col("top_product"),
            col("top_product_share"), col("top_segment"), col("top_segment_share"),
            col("unable_share"), col("unwilling_share"), col("verification_failed_share"))
        .orderBy(col("borrowers").desc(), col("overdue_reason"));
  }

  /** The most common value of {@code column} per overdue reason (ties: first by name). */
  private static Dataset<Row> top(Dataset<Row> met, String column) {
    return met.withColumn(column, expr("coalesce(" + column + ", 'unknown')"))
        .groupBy("overdue_reason", column).count()
        .withColumn("_share", col("count").divide(expr("sum(count)").over(
            Window.partitionBy("overdue_reason"))))
        .withColumn("_rank", expr("row_number()").over(Window.partitionBy("overdue_reason")
            .orderBy(col("count").desc(), col(column))))
        .filter(col("_rank").equalTo(1))
        .select(col("overdue_reason"), col(column).as("top_" + column),
            col("_share").as("top_" + column + "_share"));
  }
}
