package com.visitrank.world;

/**
 * The exact outlook of one loan at a month end T, without and with a visit right after T.
 *
 * <p>Exact because of how the world dates its events: due days fall on days 5-28 and every
 * payment, closure and write-off on days 3-28. So for any month end T: "more than 30 days past
 * due at T+60" means an instalment due by the end of month T+1 is still unpaid at the end of month
 * T+2; "DPD 0 at T+30" means nothing is unpaid at the end of month T+1; and "repaid in (T, T+90]"
 * is what is paid in the three months after T. The outlook therefore propagates the loan's state
 * distribution (arrears in half instalments, shock on or off) month by month through the same
 * {@link LoanDynamics} the simulator samples from.
 */
public final class Outlook {

  /** The outlook under one scenario. */
  public record Result(double pLongOverdue60d, double pCure30d, double expectedRecovery90dCents) {

    Result mix(double weight, Result other) {
      return new Result(
          weight * pLongOverdue60d + (1 - weight) * other.pLongOverdue60d,
          weight * pCure30d + (1 - weight) * other.pCure30d,
          weight * expectedRecovery90dCents + (1 - weight) * other.expectedRecovery90dCents);
    }
  }

  /**
   * A loan's state at a month end, with what the world knows about its borrower.
   *
   * @param base the borrower's base type
   * @param shocked whether a shock is running at T
   * @param addressValid whether a visit can find the borrower
   * @param hazardMultiplier the borrower's shock hazard multiplier
   * @param downturn whether the region is in a downturn in months T+1..T+3
   * @param schedule the loan's schedule
   * @param firstDueMonth month index of instalment 1
   * @param month month index of T
   * @param arrearsHalves arrears at T in half instalments
   * @param engagedMonthsLeft months an earlier engaging visit still acts after T
   */
  public record LoanState(
      BorrowerType base,
      boolean shocked,
      boolean addressValid,
      double hazardMultiplier,
      boolean[] downturn,
      Amortization schedule,
      int firstDueMonth,
      int month,
      int arrearsHalves,
      int engagedMonthsLeft) {}

  private static final int HORIZON_MONTHS = 3;

  private final LoanDynamics dynamics;
  private final int writeOffInstallments;
  private final int visitEffectMonths;
  private final double[] probabilities = new double[LoanDynamics.OUTCOMES];

  /** Not thread-safe: keeps a scratch array; use one per task. */
  public Outlook(LoanDynamics dynamics) {
    this.dynamics = dynamics;
    this.writeOffInstallments = dynamics.parameters().writeOffInstallments();
    this.visitEffectMonths = dynamics.parameters().visitEffectMonths();
  }

  public Result withoutVisit(LoanState state) {
    return propagate(state, state.engagedMonthsLeft());
  }

  public Result withVisit(LoanState state) {
    double engage = dynamics.engageProbability(state.base().effective(state.shocked()),
        state.addressValid());
    Result engaged = propagate(state, Math.max(visitEffectMonths, state.engagedMonthsLeft()));
    Result notEngaged = propagate(state, state.engagedMonthsLeft());
    return engaged.mix(engage, notEngaged);
  }

  private int dueHalvesThrough(LoanState s, int month) {
    int due = Math.max(0, Math.min(month - s.firstDueMonth() + 1, s.schedule().term()));
    return 2 * due;
  }

  private Result propagate(LoanState s, int engagedMonths) {
    int width = 2 * writeOffInstallments - 1;
    double[][] dist = new double[width][2];
    dist[s.arrearsHalves()][s.shocked() ? 1 : 0] = 1;
    double closed = 0;
    double writtenOff = 0;
    double recovery = 0;
    double cure30 = 0;
    double long60 = 0;
    BorrowerType base = s.base();
    for (int step = 1; step <= HORIZON_MONTHS; step++) {
      int month = s.month() + step;
      boolean engaged = step <= engagedMonths;
      int dueBefore = dueHalvesThrough(s, month - 1);
      int dueAfter = dueHalvesThrough(s, month);
      int dueThis = dueAfter - dueBefore;
      boolean matured = dueAfter == 2 * s.schedule().term();
      double[][] next = new double[width][2];
      for (int h = 0; h < width; h++) {
        for (int shock = 0; shock < 2; shock++) {
          double p = dist[h][shock];
          if (p == 0) {
            continue;
          }
          double pShock = dynamics.shockProbability(base, shock == 1, s.hazardMultiplier(),
              s.downturn()[step - 1]);
          for (int shockNext = 0; shockNext < 2; shockNext++) {
            double q = p * (shockNext == 1 ? pShock : 1 - pShock);
            if (q == 0) {
              continue;
            }
            int owed = h + dueThis;
            if (owed == 0) {
              closed += q;
              continue;
            }
            dynamics.outcomeProbabilities(base.effective(shockNext == 1), h, engaged,
                probabilities);
            int paidBefore = dueBefore - h;
            for (int outcome = 0; outcome < LoanDynamics.OUTCOMES; outcome++) {
              double w = q * probabilities[outcome];
              if (w == 0) {
                continue;
              }
              int paid = LoanDynamics.paidHalves(outcome, owed);
              int left = owed - paid;
              recovery += w * s.schedule().amountCents(paidBefore, paid);
              if (left == 0 && matured) {
                closed += w;
              } else if (LoanDynamics.unpaidInstallments(left) >= writeOffInstallments) {
                writtenOff += w;
              } else {
                next[left][shockNext] += w;
              }
            }
          }
        }
      }
      dist = next;
      if (step == 1) {
        cure30 = closed + dist[0][0] + dist[0][1];
      } else if (step == 2) {
        long60 = writtenOff;
        for (int h = 1; h < width; h++) {
          int oldestUnpaid = (dueAfter - h) / 2;
          if (s.firstDueMonth() + oldestUnpaid <= s.month() + 1) {
            long60 += dist[h][0] + dist[h][1];
          }
        }
      }
    }
    return new Result(long60, cure30, recovery);
  }
}
