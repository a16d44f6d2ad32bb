package com.visitrank.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The randomised plans to evaluate: {@code clean/visit_plans} (the bank's campaigns and the
 * plans {@code simulate} appended), one row per (plan_date, loan_id), with what the target list
 * said about each planned loan when there was one.
 */
public final class Plans {

  /** Columns the target list contributes (null for the bank's own campaigns). */
  public static final String[] TARGET_COLUMNS =
      {"rank", "probability", "expected_gain", "model_version", "approach"};

  private Plans() {}

  /**
   * One row per (plan_date, loan_id). A loan recorded twice for the same date keeps its first
   * team (by name) and counts as control if any record says so: a loan held out once was not
   * meant to be visited.
   */
  public static Dataset<Row> dedup(Dataset<Row> plans) {
    return plans.groupBy("plan_date", "loan_id")
        .agg(min("team_id").as("team_id"), expr("bool_or(control_group)").as("control_group"));
  }

  /**
   * The deduplicated plans with the target list's columns ({@link #TARGET_COLUMNS}) and
   * {@code source}: {@code visitrank} when the loan was on a target list of that date,
   * {@code bank} otherwise. Targets that never became a plan are not evaluated.
   *
   * @param targets {@code targets/visit_targets}, or null when there is none
   */
  public static Dataset<Row> withTargets(Dataset<Row> plans, Dataset<Row> targets) {
    Dataset<Row> deduped = dedup(plans);
    Dataset<Row> joined;
    if (targets == null) {
      joined = deduped
          .withColumn("rank", lit(null).cast(DataTypes.IntegerType))
          .withColumn("probability", lit(null).cast(DataTypes.DoubleType))
          .withColumn("expected_gain", lit(null).cast(DataTypes.DoubleType))
          .withColumn("model_version", lit(null).cast(DataTypes.StringType))
          .withColumn("approach", lit(null).cast(DataTypes.StringType));
    } else {
      Dataset<Row> listed = targets
          .groupBy(col("as_of_date").as("plan_date"), col("loan_id"))
          .agg(min("rank").as("rank"), expr("min(probability)").as("probability"),
              expr("min(expected_gain)").as("expected_gain"),
              min("model_version").as("model_version"), min("approach").as("approach"));
      joined = deduped.join(listed, new String[] {"plan_date", "loan_id"}, "left");
    }
    return joined.withColumn("source",
        when(col("rank").isNotNull(), lit("visitrank")).otherwise(lit("bank")));
  }
}
