package com.visitrank.world;

import java.io.Serializable;

/**
 * How one borrower type behaves, as monthly probabilities. Current loans (nothing unpaid before
 * this month's due date) miss or pay part of the instalment; delinquent loans cure (pay all that
 * is owed), keep current (pay one instalment, arrears unchanged), pay half an instalment, or pay
 * nothing. A visit that engages the borrower replaces the delinquent probabilities by the
 * {@code visit*} ones for the following months.
 *
 * @param share share of borrowers drawn with this type at origination
 * @param miss probability that a current loan pays nothing this month
 * @param partial probability that a current loan pays half an instalment
 * @param lateInMonth probability that a current loan's full payment comes after its due date
 * @param cure probability that a delinquent loan pays everything owed (before depth decay)
 * @param keepCurrent probability that a delinquent loan pays exactly one instalment
 * @param partialDelinquent probability that a delinquent loan pays half an instalment
 * @param reach probability that a call reaches the borrower (given a valid number)
 * @param refuse probability that a reached borrower refuses to pay
 * @param promise probability that a reached, not refusing borrower promises to pay
 * @param visitEngage probability that a visit meets and engages the borrower
 * @param visitCure cure probability while an engaging visit's effect lasts
 * @param visitKeepCurrent keep-current probability while an engaging visit's effect lasts
 * @param visitPartial partial-payment probability while an engaging visit's effect lasts
 * @param dtiLow lowest instalment-to-income ratio of this type's loans
 * @param dtiHigh highest instalment-to-income ratio of this type's loans
 */
public record TypeBehaviour(
    double share,
    double miss,
    double partial,
    double lateInMonth,
    double cure,
    double keepCurrent,
    double partialDelinquent,
    double reach,
    double refuse,
    double promise,
    double visitEngage,
    double visitCure,
    double visitKeepCurrent,
    double visitPartial,
    double dtiLow,
    double dtiHigh)
    implements Serializable {

  /** Checks that every probability is in [0, 1] and each outcome set sums to at most 1. */
  public TypeBehaviour {
    requireProbability("share", share);
    requireSum("miss + partial", miss, partial);
    requireProbability("late-in-month", lateInMonth);
    requireSum("cure + keep-current + partial-delinquent", cure, keepCurrent, partialDelinquent);
    requireProbability("reach", reach);
    requireProbability("refuse", refuse);
    requireProbability("promise", promise);
    requireProbability("visit-engage", visitEngage);
    requireSum("visit-cure + visit-keep-current + visit-partial", visitCure, visitKeepCurrent,
        visitPartial);
    if (!(dtiLow > 0 && dtiLow <= dtiHigh && dtiHigh < 2)) {
      throw new IllegalArgumentException(
          "dti-low and dti-high must satisfy 0 < dti-low <= dti-high < 2, got " + dtiLow + ", "
              + dtiHigh);
    }
  }

  private static void requireProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
    }
  }

  private static void requireSum(String name, double... ps) {
    double sum = 0;
    for (double p : ps) {
      requireProbability(name, p);
      sum += p;
    }
    if (sum > 1 + 1e-9) {
      throw new IllegalArgumentException(name + " must sum to at most 1, got " + sum);
    }
  }
}
