package com.visitrank.sql;

import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;

/**
 * Sums of doubles that do not depend on the order of the rows. Spark adds doubles in the order
 * partitions and shuffle blocks arrive, and floating-point addition is not associative, so the
 * last bits of a plain {@code sum} can differ between two runs, or between a local run and a
 * cluster; whatever is ranked or fitted on such a sum can then differ too. Here every term is
 * rounded to 18 decimal places (a decimal) and the decimals are added exactly, which gives the
 * same result in any order. For values whose sum stays below 10^20 in magnitude.
 */
public final class ExactSum {

  /** The decimal the terms are added as. */
  static final String DECIMAL = "decimal(38,18)";

  private ExactSum() {}

  /** The sum of {@code values} (nulls skipped; null when all are null), as a double. */
  public static Column of(Column values) {
    return sum(values.cast(DECIMAL)).cast("double");
  }
}
