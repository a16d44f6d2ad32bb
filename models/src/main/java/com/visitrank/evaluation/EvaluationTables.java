package com.visitrank.evaluation;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tables the {@code evaluate} job writes under {@code evaluation/}, each partitioned by
 * {@code evaluation_date} (the as-of date of the run). README "evaluate" documents every column.
 */
public final class EvaluationTables {

  public static final String EVALUATION_DATE = "evaluation_date";

  /** Follow-up windows, in days after the plan date. */
  public static final List<Integer> HORIZONS = List.of(30, 60, 90);

  public static final String PLAN_OUTCOMES = "plan_outcomes";
  public static final String OUTCOMES = "outcomes";
  public static final String EFFECTS = "effects";
  public static final String COST_EFFECTIVENESS = "cost_effectiveness";
  public static final String QINI = "qini";
  public static final String FINDINGS = "findings";
  public static final String TRAITS = "traits";
  public static final String MONITORING = "monitoring";

  /** One row per randomised plan row and horizon (outcomes null while the horizon is pending). */
  public static final StructType PLAN_OUTCOMES_SCHEMA = schema(
      field("plan_date", DateType), field("loan_id", StringType), field("team_id", StringType),
      field("control_group", BooleanType), field("source", StringType),
      field("rank", IntegerType), field("probability", DoubleType),
      field("expected_gain", DoubleType), field("model_version", StringType),
      field("approach", StringType), field("region", StringType), field("product", StringType),
      field("segment", StringType), field("dpd_at_plan", IntegerType),
      field("bucket_at_plan", StringType), field("pre_paid", DoubleType),
      field("overdue_reason", StringType), field("ability", StringType),
      field("willingness", StringType), field("info_verified", BooleanType),
      field("agreed_action", StringType), field("realised_label", BooleanType),
      field("horizon_days", IntegerType), field("matured", BooleanType),
      field("cured", BooleanType), field("rolled_forward", BooleanType),
      field("recovered", DoubleType), field("visits", IntegerType), field("met", BooleanType),
      field("promises_made", IntegerType), field("promises_kept", IntegerType),
      field("cost", DoubleType), field(EVALUATION_DATE, DateType));

  /** Per plan date, horizon and arm: counts and rates. */
  public static final StructType OUTCOMES_SCHEMA = schema(
      field("plan_date", DateType), field("horizon_days", IntegerType),
      field("arm", StringType), field("status", StringType), field("loans", LongType),
      field("cure_rate", DoubleType), field("roll_forward_rate", DoubleType),
      field("recovered_total", DoubleType), field("recovered_mean", DoubleType),
      field("promises_made", LongType), field("promises_kept", LongType),
      field("promise_kept_share", DoubleType), field("visits", LongType),
      field("met", LongType), field("cost", DoubleType), field(EVALUATION_DATE, DateType));

  /** Per horizon, metric and group: the effect of planning a visit. */
  public static final StructType EFFECTS_SCHEMA = schema(
      field("horizon_days", IntegerType), field("metric", StringType),
      field("dimension", StringType), field("group_value", StringType),
      field("n_treated", LongType), field("n_control", LongType),
      field("mean_treated", DoubleType), field("mean_control", DoubleType),
      field("too_few", BooleanType), field("itt", DoubleType), field("itt_se", DoubleType),
      field("itt_low", DoubleType), field("itt_high", DoubleType),
      field("itt_p_value", DoubleType), field("cuped_itt", DoubleType),
      field("cuped_se", DoubleType), field("cuped_low", DoubleType),
      field("cuped_high", DoubleType), field("cuped_p_value", DoubleType),
      field("variance_reduction", DoubleType), field("cuped_helps", BooleanType),
      field("met_share_treated", DoubleType), field("met_share_control", DoubleType),
      field("wald_effect", DoubleType), field("wald_low", DoubleType),
      field("wald_high", DoubleType), field(EVALUATION_DATE, DateType));

  /** Per horizon and team: incremental amount recovered per visit and per unit of cost. */
  public static final StructType COST_EFFECTIVENESS_SCHEMA = schema(
      field("horizon_days", IntegerType), field("team_id", StringType),
      field("n_treated", LongType), field("n_control", LongType), field("too_few", BooleanType),
      field("visits_per_treated", DoubleType), field("cost_per_treated", DoubleType),
      field("incremental_recovered_per_treated", DoubleType),
      field("incremental_recovered_total", DoubleType),
      field("incremental_per_visit", DoubleType), field("incremental_per_cost", DoubleType),
      field(EVALUATION_DATE, DateType));

  /** The Qini curve of the plans' ranking: one row per point, the area on every row. */
  public static final StructType QINI_SCHEMA = schema(
      field("horizon_days", IntegerType), field("bin", IntegerType),
      field("share_targeted", DoubleType), field("qini", DoubleType),
      field("random", DoubleType), field("area", DoubleType), field("area_low", DoubleType),
      field("area_high", DoubleType), field("loans", LongType), field(EVALUATION_DATE, DateType));

  /** What visits found: counts of a finding within a segment. */
  public static final StructType FINDINGS_SCHEMA = schema(
      field("finding", StringType), field("finding_value", StringType),
      field("segment_dimension", StringType), field("segment_value", StringType),
      field("met", LongType), field("share", DoubleType),
      field("verification_failed", LongType), field("cure_rate_30d", DoubleType),
      field("recovered_mean_30d", DoubleType), field("too_few", BooleanType),
      field(EVALUATION_DATE, DateType));

  /** Traits common to each kind of overdue borrower (by overdue reason found). */
  public static final StructType TRAITS_SCHEMA = schema(
      field("overdue_reason", StringType), field("borrowers", LongType),
      field("mean_dpd_at_plan", DoubleType), field("share_long_overdue", DoubleType),
      field("mean_pre_paid", DoubleType), field("top_product", StringType),
      field("top_product_share", DoubleType), field("top_segment", StringType),
      field("top_segment_share", DoubleType), field("unable_share", DoubleType),
      field("unwilling_share", DoubleType), field("verification_failed_share", DoubleType),
      field(EVALUATION_DATE, DateType));

  /** Model monitoring: AUC, KS, PSI and calibration bins of past scores. */
  public static final StructType MONITORING_SCHEMA = schema(
      field("model_version", StringType), field("metric", StringType), field("bin", IntegerType),
      field("rows", LongType), field("predicted", DoubleType), field("observed", DoubleType),
      field("value", DoubleType), field("flag", StringType), field(EVALUATION_DATE, DateType));

  private EvaluationTables() {}

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
