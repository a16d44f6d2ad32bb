package com.visitrank.world;

import java.io.Serializable;

/**
 * The world's monthly causal model of one loan, shared by the simulator (which samples it) and by
 * {@link Outlook} (which propagates it exactly). Arrears are counted in half instalments: a
 * partial payment pays half an instalment, and payments go to the oldest instalment first.
 */
public final class LoanDynamics implements Serializable {

  /** Pays everything owed (a delinquent loan cures; a current one pays its instalment). */
  public static final int FULL = 0;
  /** Pays exactly one instalment: arrears stay as they were. */
  public static final int CURRENT = 1;
  /** Pays half an instalment. */
  public static final int PARTIAL = 2;
  /** Pays nothing. */
  public static final int NONE = 3;

  public static final int OUTCOMES = 4;

  private final WorldParameters parameters;

  public LoanDynamics(WorldParameters parameters) {
    this.parameters = parameters;
  }

  public WorldParameters parameters() {
    return parameters;
  }

  /** Instalments not fully paid, from arrears in half instalments. */
  public static int unpaidInstallments(int arrearsHalves) {
    return (arrearsHalves + 1) / 2;
  }

  /**
   * Fills {@code out} with the probabilities of {@link #FULL}, {@link #CURRENT}, {@link #PARTIAL}
   * and {@link #NONE} this month.
   *
   * @param effective the type the borrower behaves as this month
   * @param arrearsHalvesBefore arrears before this month's due date
   * @param engaged whether an engaging visit's effect is running
   */
  public void outcomeProbabilities(BorrowerType effective, int arrearsHalvesBefore,
      boolean engaged, double[] out) {
    TypeBehaviour b = parameters.behaviour(effective);
    if (arrearsHalvesBefore == 0) {
      double partial = engaged ? b.visitPartial() : b.partial();
      double full = engaged ? b.visitCure() + b.visitKeepCurrent() : 1 - b.miss() - b.partial();
      out[FULL] = full;
      out[CURRENT] = 0;
      out[PARTIAL] = partial;
      out[NONE] = Math.max(0, 1 - full - partial);
      return;
    }
    double decay = Math.pow(parameters.cureDepthDecay(),
        unpaidInstallments(arrearsHalvesBefore) - 1);
    double cure = (engaged ? b.visitCure() : b.cure()) * decay;
    double current = engaged ? b.visitKeepCurrent() : b.keepCurrent();
    double partial = engaged ? b.visitPartial() : b.partialDelinquent();
    out[FULL] = cure;
    out[CURRENT] = current;
    out[PARTIAL] = partial;
    out[NONE] = Math.max(0, 1 - cure - current - partial);
  }

  /** Half instalments paid by an outcome when {@code owedHalves} are owed. */
  public static int paidHalves(int outcome, int owedHalves) {
    return switch (outcome) {
      case FULL -> owedHalves;
      case CURRENT -> Math.min(2, owedHalves);
      case PARTIAL -> Math.min(1, owedHalves);
      default -> 0;
    };
  }

  /** Probability that the borrower is in a shock this month, given last month's state. */
  public double shockProbability(BorrowerType base, boolean shockedBefore, double hazardMultiplier,
      boolean downturn) {
    if (!base.shockable()) {
      return 0;
    }
    if (shockedBefore) {
      return 1 - parameters.shockEndProbability();
    }
    double hazard = parameters.shockHazard() * hazardMultiplier
        * (downturn ? parameters.downturnMultiplier() : 1);
    return Math.min(1, hazard);
  }

  /** Probability that a visit right now meets and engages the borrower. */
  public double engageProbability(BorrowerType effective, boolean addressValid) {
    return addressValid ? parameters.behaviour(effective).visitEngage() : 0;
  }

  /** Index of the sampled outcome for a uniform draw {@code u}. */
  public static int sample(double[] probabilities, double u) {
    double acc = 0;
    for (int i = 0; i < OUTCOMES - 1; i++) {
      acc += probabilities[i];
      if (u < acc) {
        return i;
      }
    }
    return NONE;
  }
}
