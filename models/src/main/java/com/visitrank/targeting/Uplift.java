package com.visitrank.targeting;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The effect of a visit on repayment: the outcomes of past randomised visit plans, the exposure
 * both learners scale by, and a two-model uplift learner (one random forest on visited loans,
 * one on their control group, each predicting the amount repaid within the outcome window as a
 * share of the loan's exposure, see {@link #exposure}). The default learner is
 * {@link SegmentUplift}.
 */
public final class Uplift implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String OUTCOME = "outcome";
  public static final String TREATED = "treated";
  public static final String NO_VISIT = "expected_recovery_no_visit";
  public static final String VISIT = "expected_recovery_visit";
  public static final String UPLIFT = "uplift";
  public static final String SOURCE = "uplift_source";
  public static final String SOURCE_MODEL = "model";
  public static final String SOURCE_PRIOR = "prior";

  private static final String VECTOR = "_uplift_features";
  private static final String SHARE = "_outcome_share";

  /**
   * What a loan owes soon: overdue amount plus one instalment (at least 1). The forests learn
   * repayment as a share of it, so loans of any size teach each other; predictions are scaled
   * back by the loan's own exposure.
   */
  static Column exposure() {
    return exposure(0);
  }

  /**
   * {@link #exposure()} capped at {@code maxIncomeMonths} times the declared monthly income
   * where there is one (no cap when {@code maxIncomeMonths} is 0): what a visit can bring back
   * is bounded by what the borrower can pay, not by how much has piled up.
   */
  static Column exposure(double maxIncomeMonths) {
    Column owed = coalesce(col("overdue_amount").cast("double"), lit(0.0))
        .plus(coalesce(col("installment_amount").cast("double"), lit(0.0)));
    if (maxIncomeMonths > 0) {
      Column income = col("monthly_income").cast("double");
      owed = when(income.gt(0), least(owed, income.multiply(maxIncomeMonths))).otherwise(owed);
    }
    return greatest(owed, lit(1.0));
  }

  /** Numeric feature columns both models use (nulls count as 0). */
  public static final List<String> FEATURES = List.of("dpd", "overdue_amount",
      "installments_missed", "outstanding_principal", "installment_amount", "monthly_income",
      "max_dpd_6m", "paid_to_due_3m", "paid_to_due_6m", "days_since_last_payment",
      "partial_payments_6m", "dpd_trend_3m", "contact_attempts_90d", "reach_rate_90d",
      "invalid_number_90d", "refusals_90d", "promises_made_90d", "promises_kept_90d",
      "promises_broken_90d", "visits_count", "remaining_term", "other_loans_overdue");

  /**
   * Forest settings.
   *
   * @param trees trees per forest
   * @param maxDepth depth of each tree
   * @param minInstancesPerNode smallest leaf
   * @param seed seed of the forests' sampling
   */
  public record Params(int trees, int maxDepth, int minInstancesPerNode, long seed)
      implements Serializable {}

  /** Partitions of the training rows: one, so that the fit does not depend on parallelism. */
  private static final int FIT_PARTITIONS = 1;

  private final RandomForestRegressionModel visited;
  private final RandomForestRegressionModel control;

  private Uplift(RandomForestRegressionModel visited, RandomForestRegressionModel control) {
    this.visited = visited;
    this.control = control;
  }

  /**
   * Past randomised plans whose outcome window has ended by {@code asOf}, with the outcome:
   * {@code plan_date, loan_id, treated, outcome} where outcome is the amount paid in
   * (plan_date, plan_date + outcomeDays]. A loan planned twice on one date counts once.
   */
  public static Dataset<Row> outcomes(Dataset<Row> plans, Dataset<Row> payments, LocalDate asOf,
      int outcomeDays) {
    Dataset<Row> ended = plans
        .filter(date_add(col("plan_date"), outcomeDays).leq(lit(Date.valueOf(asOf))))
        .select(col("plan_date"), col("loan_id"), not(col("control_group")).as(TREATED))
        .dropDuplicates("plan_date", "loan_id");
    Dataset<Row> paid = ended.select("plan_date", "loan_id")
        .join(payments.select("loan_id", "payment_date", "amount"), "loan_id")
        .filter(col("payment_date").gt(col("plan_date"))
            .and(col("payment_date").leq(date_add(col("plan_date"), outcomeDays))))
        .groupBy("plan_date", "loan_id").agg(sum(col("amount")).cast("double").as(OUTCOME));
    return ended.join(paid, new String[] {"plan_date", "loan_id"}, "left")
        .withColumn(OUTCOME, coalesce(col(OUTCOME), lit(0.0)))
        .select("plan_date", "loan_id", TREATED, OUTCOME);
  }

  /**
   * Fits the two models on rows of features with {@link #TREATED} and {@link #OUTCOME}
   * (a Spark action: each forest is trained).
   */
  public static Uplift fit(Dataset<Row> training, Params params) {
    // The forests' bootstrap draws follow each partition's rows in order, and their split
    // statistics are sums merged in whatever order tasks finish: one partition in a fixed order
    // (the past plans are few) makes the fit the same on one machine and on a cluster.
    Dataset<Row> ordered = training.repartition(FIT_PARTITIONS, col("loan_id"))
        .sortWithinPartitions(java.util.Arrays.stream(training.columns()).map(c -> col(c))
            .toArray(Column[]::new));
    Dataset<Row> assembled = assemble(ordered)
        .withColumn(SHARE, col(OUTCOME).divide(exposure())).cache();
    try {
      return new Uplift(forest(assembled.filter(col(TREATED)), params),
          forest(assembled.filter(not(col(TREATED))), params));
    } finally {
      assembled.unpersist();
    }
  }

  /**
   * Adds {@link #VISIT}, {@link #NO_VISIT} (predicted repayment with and without a visit, never
   * below 0), {@link #UPLIFT} (their difference) and {@link #SOURCE} = model. Lazy.
   */
  public Dataset<Row> predict(Dataset<Row> rows) {
    List<String> columns = List.of(rows.columns());
    Dataset<Row> withVisit = visited.setPredictionCol("_with").transform(assemble(rows));
    Dataset<Row> both = control.setPredictionCol("_without").transform(withVisit);
    return both
        .withColumn(VISIT, greatest(col("_with"), lit(0.0)).multiply(exposure()))
        .withColumn(NO_VISIT, greatest(col("_without"), lit(0.0)).multiply(exposure()))
        .withColumn(UPLIFT, col(VISIT).minus(col(NO_VISIT)))
        .withColumn(SOURCE, lit(SOURCE_MODEL))
        .select(concat(columns, List.of(VISIT, NO_VISIT, UPLIFT, SOURCE)));
  }

  private static RandomForestRegressionModel forest(Dataset<Row> rows, Params params) {
    return new RandomForestRegressor().setFeaturesCol(VECTOR).setLabelCol(SHARE)
        .setNumTrees(params.trees()).setMaxDepth(params.maxDepth())
        .setMinInstancesPerNode(params.minInstancesPerNode()).setSeed(params.seed())
        .setFeatureSubsetStrategy("all").fit(rows);
  }

  private static Dataset<Row> assemble(Dataset<Row> rows) {
    Dataset<Row> filled = rows;
    for (String feature : FEATURES) {
      filled = filled.withColumn("_f_" + feature,
          coalesce(col(feature).cast("double"), lit(0.0)));
    }
    String[] inputs = FEATURES.stream().map(f -> "_f_" + f).toArray(String[]::new);
    return new VectorAssembler().setInputCols(inputs).setOutputCol(VECTOR).transform(filled);
  }

  private static Column[] concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream())
        .map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}
