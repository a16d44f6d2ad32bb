package com.visitrank.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact outlook against hand-computed values on a world simple enough to work out by hand. */
class OutlookTest {

  private static final boolean[] NO_DOWNTURN = {false, false, false};

  /**
   * Every type: a current loan misses with probability 0.5; a delinquent one cures with 0.5
   * (times 0.8 per extra unpaid instalment) and otherwise pays nothing. No shocks. A visit always
   * engages and then the borrower always pays.
   */
  private static Outlook coinFlipWorld() {
    Map<BorrowerType, TypeBehaviour> types = new EnumMap<>(BorrowerType.class);
    for (BorrowerType type : BorrowerType.values()) {
      types.put(type, Worlds.behaviour(type == BorrowerType.RELIABLE ? 1 : 0, 0.5, 0.5, 1, 1));
    }
    return new Outlook(new LoanDynamics(Worlds.parameters(10, 1, types, 0, 0)));
  }

  private static Outlook.LoanState currentLoan(Amortization schedule) {
    return new Outlook.LoanState(BorrowerType.RELIABLE, false, true, 1, NO_DOWNTURN, schedule,
        100, 103, 0, 0);
  }

  @Test
  void withoutVisitMatchesTheHandComputation() {
    Amortization schedule = Amortization.annuity(1_200_000, 0.0, 12);
    Outlook.Result result = coinFlipWorld().withoutVisit(currentLoan(schedule));
    // Long overdue at T+60: missed in month 1 and not cured in month 2.
    assertEquals(0.25, result.pLongOverdue60d(), 1e-12);
    // DPD 0 at T+30: paid in month 1.
    assertEquals(0.5, result.pCure30d(), 1e-12);
    // Month 1: 0.5 I; month 2: 0.25 I + 0.5 * 0.5 * 2 I; month 3: 0.25 I + 0.25 I + 0.25*0.4*3 I.
    assertEquals(2.05 * 100_000, result.expectedRecovery90dCents(), 1e-6);
  }

  @Test
  void anEngagingVisitMakesThisBorrowerPayEveryMonth() {
    Amortization schedule = Amortization.annuity(1_200_000, 0.0, 12);
    Outlook.Result result = coinFlipWorld().withVisit(currentLoan(schedule));
    assertEquals(0.0, result.pLongOverdue60d(), 1e-12);
    assertEquals(1.0, result.pCure30d(), 1e-12);
    assertEquals(3 * 100_000, result.expectedRecovery90dCents(), 1e-6);
  }

  @Test
  void aLoanAlreadyTwoInstalmentsBehindIsLongOverdueUnlessItCures() {
    Amortization schedule = Amortization.annuity(1_200_000, 0.0, 12);
    Outlook.LoanState behind = new Outlook.LoanState(BorrowerType.RELIABLE, false, true, 1,
        NO_DOWNTURN, schedule, 100, 103, 4, 0);
    Outlook.Result result = coinFlipWorld().withoutVisit(behind);
    // Month 1: cure with 0.5 * 0.8 = 0.4, else three instalments behind. A cured loan that misses
    // month 2 owes only month 2's instalment: not long overdue at T+60. A loan three behind cures
    // in month 2 with 0.5 * 0.8^2 = 0.32, else it is long overdue: 0.6 * 0.68.
    assertEquals(0.6 * 0.68, result.pLongOverdue60d(), 1e-12);
  }

  @Test
  void aMaturedLoanThatPaysCloses() {
    Amortization schedule = Amortization.annuity(200_000, 0.0, 2);
    Outlook.LoanState last = new Outlook.LoanState(BorrowerType.RELIABLE, false, true, 1,
        NO_DOWNTURN, schedule, 102, 102, 0, 0);
    Outlook.Result result = coinFlipWorld().withoutVisit(last);
    // One instalment left, due in month 1: paid (0.5) closes; missed then cured in month 2 with
    // 0.5, or missed again (0.25): long overdue at T+60 since it was due in month 1.
    assertEquals(0.25, result.pLongOverdue60d(), 1e-12);
    assertEquals(0.5, result.pCure30d(), 1e-12);
  }
}
