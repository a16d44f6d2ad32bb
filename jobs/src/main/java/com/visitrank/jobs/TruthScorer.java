package com.visitrank.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.visitrank.features.LoanFeatures;
import com.visitrank.model.Scorer;
import com.visitrank.schema.TruthTables;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code bench targeting --set bench.scorer=truth}: the generator's own probability that a loan
 * is long overdue 60 days later without a visit ({@code truth/loan_outlook}'s
 * {@code p_long_overdue_60d_no_visit} at the row's {@code as_of_date}, or its {@code plan_date}
 * for the past plans' rows that the uplift is learned from), as if a model knew the borrower's
 * latent type. It shows how much of a plan's shortfall a better risk could remove;
 * a diagnostic of generated worlds, never a product figure. A row without an outlook (no truth
 * for its date) scores 0. No reason codes.
 */
final class TruthScorer implements Scorer {

  private static final long serialVersionUID = 1L;
  private static final String TRUTH_PROBABILITY = "_truth_p";
  /** The date column of the past plans' rows that {@code target} learns the uplift from. */
  private static final String PLAN_DATE = "plan_date";

  /** Scoring runs on the driver only: the outlook is not shipped with the scorer. */
  private final transient Dataset<Row> outlook;

  /** @param outlook {@code truth/loan_outlook} ({@link TruthTables#LOAN_OUTLOOK_SCHEMA}) */
  TruthScorer(Dataset<Row> outlook) {
    this.outlook = outlook.select(col("loan_id"), col("as_of_date"),
        col("p_long_overdue_60d_no_visit").as(TRUTH_PROBABILITY));
  }

  @Override
  public String name() {
    return "bench-truth";
  }

  @Override
  public String version() {
    return "bench-truth-1";
  }

  @Override
  public String label() {
    return LoanFeatures.LONG_OVERDUE_LABEL;
  }

  @Override
  public Dataset<Row> score(Dataset<Row> features) {
    List<String> columns = List.of(features.columns());
    Column[] keep = columns.stream().map(c -> col("f.`" + c + "`")).toArray(Column[]::new);
    Column[] all = java.util.Arrays.copyOf(keep, keep.length + 2);
    all[keep.length] = coalesce(col("t." + TRUTH_PROBABILITY), lit(0.0)).as(PROBABILITY);
    all[keep.length + 1] = array().cast(DataTypes.createArrayType(DataTypes.StringType))
        .as(REASON_CODES);
    String date = columns.contains("as_of_date") ? "as_of_date" : PLAN_DATE;
    return features.as("f").join(outlook.as("t"), col("f.loan_id").equalTo(col("t.loan_id"))
        .and(col("f.`" + date + "`").equalTo(col("t.as_of_date"))), "left").select(all);
  }
}
