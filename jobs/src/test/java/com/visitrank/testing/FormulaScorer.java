package com.visitrank.testing;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.visitrank.model.Scorer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A transparent scorer for tests of the model's users: probability = logistic((dpd - 30) / 15),
 * reason codes from dpd and broken promises. Not a trained model.
 */
public final class FormulaScorer implements Scorer {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "formula";
  }

  @Override
  public String version() {
    return "formula-1";
  }

  @Override
  public String label() {
    return "label_long_overdue_60d";
  }

  @Override
  public Dataset<Row> score(Dataset<Row> features) {
    return features
        .withColumn(PROBABILITY, lit(1.0).divide(lit(1.0).plus(
            exp(coalesce(col("dpd"), lit(0)).minus(30).divide(-15.0)))))
        .withColumn(REASON_CODES, array(lit("days past due"),
            when(coalesce(col("promises_broken_90d"), lit(0)).gt(0), lit("broken promises"))
                .otherwise(lit("payment history"))));
  }
}
