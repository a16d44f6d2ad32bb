package com.visitrank.model;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted delinquency model as its users see it: feature rows in, the same rows with a calibrated
 * probability and the reasons behind it out. The training side builds one; {@code target} and
 * {@code evaluate} only score with it.
 */
public interface Scorer extends Serializable {

  /** Calibrated probability of the model's label, a double in [0, 1]. */
  String PROBABILITY = "probability";

  /**
   * The top factors raising this loan's risk, most important first, in words a visit officer
   * understands (array of at most 3 strings).
   */
  String REASON_CODES = "reason_codes";

  /** Registry name of the model, e.g. {@code delinquency}. */
  String name();

  /** Registry version, e.g. {@code 20251231-1}. */
  String version();

  /** The label column the model predicts, e.g. {@code label_long_overdue_60d}. */
  String label();

  /**
   * The input rows with {@link #PROBABILITY} and {@link #REASON_CODES} added; every input column
   * is kept. Lazy: no Spark action runs here.
   */
  Dataset<Row> score(Dataset<Row> features);
}
