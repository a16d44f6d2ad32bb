package com.visitrank.world;

import java.util.Locale;

/**
 * Loan products with their ranges: principal, term and rate. Mortgages run long, agricultural
 * loans short; business and agricultural loans go mostly to business owners and farmers.
 */
public enum Product {
  CONSUMER(20_000, 300_000, new int[] {12, 24, 36}, 0.06, 0.16),
  MORTGAGE(300_000, 3_000_000, new int[] {120, 180, 240, 360}, 0.035, 0.055),
  BUSINESS(100_000, 2_000_000, new int[] {12, 24, 36, 60}, 0.05, 0.11),
  AGRICULTURAL(10_000, 300_000, new int[] {6, 12, 24, 36}, 0.04, 0.085);

  private final long minPrincipal;
  private final long maxPrincipal;
  private final int[] terms;
  private final double minRate;
  private final double maxRate;

  Product(long minPrincipal, long maxPrincipal, int[] terms, double minRate, double maxRate) {
    this.minPrincipal = minPrincipal;
    this.maxPrincipal = maxPrincipal;
    this.terms = terms;
    this.minRate = minRate;
    this.maxRate = maxRate;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public long minPrincipal() {
    return minPrincipal;
  }

  public long maxPrincipal() {
    return maxPrincipal;
  }

  public int term(int choice) {
    return terms[Math.floorMod(choice, terms.length)];
  }

  public int termChoices() {
    return terms.length;
  }

  public double minRate() {
    return minRate;
  }

  public double maxRate() {
    return maxRate;
  }

  public static Product fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
