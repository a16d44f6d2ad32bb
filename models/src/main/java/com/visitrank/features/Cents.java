package com.visitrank.features;

import org.apache.spark.sql.Column;

/**
 * Money of the contract, decimal(18,2), as whole cents in a long and back. Sums and comparisons
 * of cents stay exact and run on primitive longs; a Spark sum of decimal(18,2) is a decimal(28,2),
 * which the aggregation buffer keeps as a BigDecimal per update. Into cents: the decimal times
 * 100, exact with no rounding (the earlier way through a double was exact too but slower: Spark
 * turns a decimal into a double, and rounds a double, through BigDecimal and the double's decimal
 * string). Back: through a double, exact here since a double holds every amount below 2^53 / 100
 * (about 90 trillion) to well within half a cent. Built-in functions only, so that the same code
 * runs on Spark 3.5 and Spark 4.
 */
final class Cents {

  private Cents() {}

  /**
   * The cents of a money column. The cast to decimal(18,2) is free on the contract's money
   * columns and rounds to the cent any other numeric column.
   */
  static Column of(Column money) {
    return money.cast("decimal(18,2)").multiply(100).cast("long");
  }

  /** A cents column as decimal(18,2); null when it does not fit. */
  static Column money(Column cents) {
    return cents.cast("double").divide(100).cast("decimal(18,2)");
  }
}
