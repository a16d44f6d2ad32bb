package com.visitrank.features;

import static org.apache.spark.sql.functions.round;

import org.apache.spark.sql.Column;

/**
 * Money of the contract, decimal(18,2), as whole cents in a long and back. Sums and comparisons
 * of cents stay exact and run on primitive longs; a Spark sum of decimal(18,2) is a decimal(28,2),
 * which the aggregation buffer keeps as a BigDecimal per update. The conversions go through a
 * double, which is exact here: a double holds every amount below 2^53 / 100 (about 90 trillion)
 * to well within half a cent, so rounding recovers the cents. Built-in functions only, so that
 * the same code runs on Spark 3.5 and Spark 4.
 */
final class Cents {

  private Cents() {}

  /** The cents of a money column. */
  static Column of(Column money) {
    return round(money.cast("double").multiply(100)).cast("long");
  }

  /** A cents column as decimal(18,2); null when it does not fit. */
  static Column money(Column cents) {
    return cents.cast("double").divide(100).cast("decimal(18,2)");
  }
}
