package com.visitrank.features;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.MakeDecimal;
import org.apache.spark.sql.catalyst.expressions.UnscaledValue;

/**
 * Money of the contract, decimal(18,2), as whole cents in a long and back. Sums and comparisons
 * of cents stay exact and run on primitive longs; a Spark sum of decimal(18,2) is a decimal(28,2),
 * which the aggregation buffer keeps as a BigDecimal per update.
 */
final class Cents {

  private static final int PRECISION = 18;
  private static final int SCALE = 2;

  private Cents() {}

  /** The cents of a money column (cast to decimal(18,2) first, a no-op on contract columns). */
  static Column of(Column money) {
    return new Column(new UnscaledValue(money.cast("DECIMAL(18,2)").expr()));
  }

  /** A cents column as decimal(18,2); null when it does not fit. */
  static Column money(Column cents) {
    return new Column(new MakeDecimal(cents.expr(), PRECISION, SCALE));
  }
}
