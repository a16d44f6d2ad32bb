package com.visitrank.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import com.visitrank.features.LoanFeatures;
import com.visitrank.model.Scorer;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A plain logistic regression of {@code label_long_overdue_60d} on the delinquency, payment and
 * contact features (nulls as 0, plus a never-paid flag and the instalment over income), fitted
 * on past-due loans only (the population {@code target} scores, as {@code train}'s default
 * population) inside {@code bench targeting} so that the benchmark needs no model registry.
 * Reason codes are the three features adding most to the log-odds. Not the champion model: that
 * comes from {@code train}.
 */
final class BenchScorer implements Scorer {

  private static final long serialVersionUID = 1L;
  private static final String LABEL = LoanFeatures.LONG_OVERDUE_LABEL;
  /** Derived: no payment ever recorded (1) or not (0). */
  private static final String NEVER_PAID = "never_paid";
  /** Derived: instalment over monthly income. */
  private static final String DEBT_SERVICE = "debt_service";
  private static final List<String> FEATURES = List.of("dpd", "installments_missed",
      "max_dpd_6m", "max_dpd_12m", "episodes_30plus_12m", "paid_to_due_1m", "paid_to_due_3m",
      "paid_to_due_6m", "days_since_last_payment", NEVER_PAID, "partial_payments_6m",
      "dpd_trend_3m", "reach_rate_90d", "invalid_number_90d", "refusals_90d",
      "promises_made_90d", "promises_kept_90d", "promises_broken_90d", DEBT_SERVICE,
      "loan_age_months", "other_loans_overdue");

  private final LogisticRegressionModel model;

  private BenchScorer(LogisticRegressionModel model) {
    this.model = model;
  }

  /** Fits on feature rows whose label is known (a Spark action). */
  static BenchScorer fit(Dataset<Row> labelled) {
    Dataset<Row> rows = assemble(labelled.filter(col(LABEL).isNotNull().and(col("dpd").gt(0))))
        .withColumn("_label", col(LABEL).cast("double"));
    return new BenchScorer(new LogisticRegression().setFeaturesCol("_x").setLabelCol("_label")
        .setMaxIter(50).setRegParam(0.001).fit(rows));
  }

  @Override
  public String name() {
    return "bench-logistic";
  }

  @Override
  public String version() {
    return "bench-logistic-1";
  }

  @Override
  public String label() {
    return LABEL;
  }

  @Override
  public Dataset<Row> score(Dataset<Row> features) {
    List<String> columns = List.of(features.columns());
    double[] w = model.coefficients().toArray();
    Column[] contributions = new Column[FEATURES.size()];
    for (int i = 0; i < FEATURES.size(); i++) {
      contributions[i] = struct(value(FEATURES.get(i)).multiply(w[i]).as("c"),
          lit(FEATURES.get(i)).as("name"));
    }
    Dataset<Row> scored = model.setProbabilityCol("_prob").transform(assemble(features));
    Column[] keep = columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return scored
        .withColumn(PROBABILITY, org.apache.spark.ml.functions.vector_to_array(col("_prob"),
            "float64").getItem(1))
        .withColumn(REASON_CODES, transform(slice(sort_array(array(contributions), false), 1, 3),
            c -> c.getField("name")))
        .select(concat(keep, col(PROBABILITY), col(REASON_CODES)));
  }

  private static Column[] concat(Column[] keep, Column... more) {
    Column[] all = java.util.Arrays.copyOf(keep, keep.length + more.length);
    System.arraycopy(more, 0, all, keep.length, more.length);
    return all;
  }

  private static Column value(String feature) {
    if (feature.equals(NEVER_PAID)) {
      return org.apache.spark.sql.functions.when(col("days_since_last_payment").isNull(), 1.0)
          .otherwise(0.0);
    }
    if (feature.equals(DEBT_SERVICE)) {
      return coalesce(col("installment_amount").cast("double")
          .divide(col("monthly_income").cast("double")), lit(0.0));
    }
    return coalesce(col(feature).cast("double"), lit(0.0));
  }

  private static Dataset<Row> assemble(Dataset<Row> rows) {
    Dataset<Row> filled = rows;
    for (String feature : FEATURES) {
      filled = filled.withColumn("_x_" + feature, value(feature));
    }
    return new VectorAssembler().setInputCols(FEATURES.stream().map(f -> "_x_" + f)
        .toArray(String[]::new)).setOutputCol("_x").transform(filled);
  }
}
