package com.visitrank.world;

/**
 * An annuity schedule in cents: equal instalments (principal plus interest) except the last,
 * which settles the rounding. Amounts paid towards it are allocated to the oldest instalment
 * first, in half-instalment units, which is what the world's borrowers pay.
 */
public final class Amortization {

  private final int term;
  private final long regularCents;
  private final long lastCents;
  private final long[] principalCents;
  private final long[] interestCents;

  private Amortization(int term, long regularCents, long lastCents, long[] principalCents,
      long[] interestCents) {
    this.term = term;
    this.regularCents = regularCents;
    this.lastCents = lastCents;
    this.principalCents = principalCents;
    this.interestCents = interestCents;
  }

  /** The schedule of a loan of {@code principalCents} at {@code annualRate} over {@code term} months. */
  public static Amortization annuity(long principalCents, double annualRate, int term) {
    if (term < 1) {
      throw new IllegalArgumentException("term must be at least 1 month, got " + term);
    }
    double monthly = annualRate / 12.0;
    double payment = monthly == 0
        ? (double) principalCents / term
        : principalCents * monthly / (1 - Math.pow(1 + monthly, -term));
    long regular = Math.round(payment);
    long[] principal = new long[term];
    long[] interest = new long[term];
    long balance = principalCents;
    for (int i = 0; i < term; i++) {
      long due = Math.round(balance * monthly);
      interest[i] = due;
      principal[i] = i == term - 1 ? balance : Math.min(balance, regular - due);
      balance -= principal[i];
    }
    long last = principal[term - 1] + interest[term - 1];
    return new Amortization(term, term == 1 ? last : regular, last, principal, interest);
  }

  /** The present value of {@code term} instalments of {@code paymentCents} at {@code annualRate}. */
  public static long principalFor(long paymentCents, double annualRate, int term) {
    double monthly = annualRate / 12.0;
    if (monthly == 0) {
      return paymentCents * term;
    }
    return Math.round(paymentCents * (1 - Math.pow(1 + monthly, -term)) / monthly);
  }

  public int term() {
    return term;
  }

  /** The total (principal plus interest) of instalment {@code i}, counted from 0. */
  public long installmentCents(int i) {
    return principalCents[i] + interestCents[i];
  }

  public long principalCents(int i) {
    return principalCents[i];
  }

  public long interestCents(int i) {
    return interestCents[i];
  }

  public long regularCents() {
    return regularCents;
  }

  /** What {@code halves} half-instalments cost in total, counted from the first instalment. */
  public long cumulativeCents(int halves) {
    int full = Math.min(halves / 2, term);
    long sum = full < term ? regularCents * full : regularCents * (term - 1) + lastCents;
    if (full < term && halves % 2 == 1) {
      sum += installmentCents(full) / 2;
    }
    return sum;
  }

  /** The amount that pays {@code halves} more half-instalments after {@code paidHalves} paid. */
  public long amountCents(int paidHalves, int halves) {
    return cumulativeCents(paidHalves + halves) - cumulativeCents(paidHalves);
  }

  /** Principal still outstanding once {@code paidHalves} half-instalments are paid. */
  public long outstandingPrincipalCents(int paidHalves) {
    long paid = 0;
    int full = Math.min(paidHalves / 2, term);
    for (int i = 0; i < full; i++) {
      paid += principalCents[i];
    }
    if (full < term && paidHalves % 2 == 1) {
      paid += principalCents[full] / 2;
    }
    long total = 0;
    for (long p : principalCents) {
      total += p;
    }
    return total - paid;
  }
}
