package com.visitrank.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MonitoringTest {

  /** Scores 0.1: 1 labelled, 3 not; scores 0.9: 3 labelled, 1 not. */
  private static final List<Monitoring.ScoreBin> BINS = List.of(
      new Monitoring.ScoreBin(900, 3, 1, 3.6), new Monitoring.ScoreBin(100, 1, 3, 0.4));

  @Test
  void aucCountsWinsAndHalfTies() {
    // 3*3 wins (0.9 labelled over 0.1 not) + ties 3*1/2 + 1*3/2 = 12 of 4*4 pairs
    assertEquals(0.75, Monitoring.auc(BINS), 1e-12);
  }

  @Test
  void ksIsTheLargestGapOfCumulativeShares() {
    // after the 0.1 bin: labelled 1/4, unlabelled 3/4
    assertEquals(0.5, Monitoring.ks(BINS), 1e-12);
  }

  @Test
  void calibrationByDecile() {
    List<Monitoring.Decile> deciles = Monitoring.calibration(BINS);
    assertEquals(List.of(new Monitoring.Decile(1, 4, 0.1, 0.25),
        new Monitoring.Decile(6, 4, 0.9, 0.75)), deciles);
  }

  @Test
  void psiByHandAndFlags() {
    // (0.6 - 0.5) ln(1.2) + (0.4 - 0.5) ln(0.8)
    assertEquals(0.1 * Math.log(1.2) - 0.1 * Math.log(0.8),
        Monitoring.psi(new double[] {50, 50}, new double[] {60, 40}), 1e-12);
    assertEquals(0.0405465, Monitoring.psi(new double[] {50, 50}, new double[] {60, 40}),
        1e-6);
    assertEquals("ok", Monitoring.flag(0.0999));
    assertEquals("watch", Monitoring.flag(0.1));
    assertEquals("alert", Monitoring.flag(0.25));
  }

  @Test
  void scorePsiIsZeroForTheSameDistributionAndUndefinedWithoutRows() {
    assertEquals(0, Monitoring.scorePsi(BINS, BINS), 1e-12);
    assertTrue(Double.isNaN(Monitoring.scorePsi(List.of(), BINS)));
    assertTrue(Double.isNaN(Monitoring.psi(new double[] {0, 0}, new double[] {1, 2})));
  }
}
