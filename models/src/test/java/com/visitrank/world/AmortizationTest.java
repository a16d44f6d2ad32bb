package com.visitrank.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AmortizationTest {

  @Test
  void annuityHasEqualInstalmentsAndRepaysThePrincipal() {
    Amortization schedule = Amortization.annuity(120_000, 0.12, 12);
    assertEquals(10_662, schedule.regularCents());
    long principal = 0;
    for (int i = 0; i < 12; i++) {
      principal += schedule.principalCents(i);
      if (i < 11) {
        assertEquals(10_662, schedule.installmentCents(i));
      }
    }
    assertEquals(120_000, principal);
    assertEquals(1_200, schedule.interestCents(0));
    assertEquals(0, schedule.outstandingPrincipalCents(24));
  }

  @Test
  void halvesPayTheOldestInstalmentFirst() {
    Amortization schedule = Amortization.annuity(1_200_000, 0.0, 12);
    assertEquals(100_000, schedule.regularCents());
    assertEquals(50_000, schedule.amountCents(0, 1));
    assertEquals(50_000, schedule.amountCents(1, 1));
    assertEquals(250_000, schedule.amountCents(3, 5));
    assertEquals(1_200_000, schedule.cumulativeCents(24));
    assertEquals(1_200_000, schedule.cumulativeCents(30));
    assertEquals(1_150_000, schedule.outstandingPrincipalCents(1));
  }

  @Test
  void oddCentsOfAHalfGoToTheSecondHalf() {
    Amortization schedule = Amortization.annuity(1_001, 0.0, 1);
    assertEquals(500, schedule.amountCents(0, 1));
    assertEquals(501, schedule.amountCents(1, 1));
  }

  @Test
  void principalForInvertsTheAnnuity() {
    long principal = Amortization.principalFor(10_662, 0.12, 12);
    assertEquals(120_000, principal, 5);
  }
}
