package com.visitrank.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {

  /** Sums of y with x and met, as Spark would return them. */
  private static Stats.Moments moments(double[] x, double[] y, int met) {
    double sy = 0;
    double sy2 = 0;
    double sx = 0;
    double sx2 = 0;
    double sxy = 0;
    for (int i = 0; i < y.length; i++) {
      sy += y[i];
      sy2 += y[i] * y[i];
      sx += x[i];
      sx2 += x[i] * x[i];
      sxy += x[i] * y[i];
    }
    return new Stats.Moments(y.length, sy, sy2, sx, sx2, sxy, met);
  }

  @Test
  void momentsGiveSampleMeansVariancesAndCovariance() {
    Stats.Moments m = moments(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 6, 8, 10}, 2);
    assertEquals(6, m.meanY(), 1e-12);
    // (16 + 4 + 0 + 4 + 16) / 4
    assertEquals(10, m.varY(), 1e-12);
    assertEquals(2.5, m.varX(), 1e-12);
    // (-2*-4 + -1*-2 + 0 + 1*2 + 2*4) / 4
    assertEquals(5, m.covXy(), 1e-12);
    assertEquals(0.4, m.metShare(), 1e-12);
  }

  @Test
  void welchWithEqualArmsHasPooledDegreesOfFreedomAndTheTableCriticalValue() {
    // se = sqrt(10/5 + 10/5) = 2; df = 4^2 / (2^2/4 + 2^2/4) = 8; t(0.975, 8) = 2.306004, so
    // a difference of 2 * 2.306004 sits exactly on the 5% boundary.
    Stats.Estimate e = Stats.welch(6 + 4.612008, 10, 5, 6, 10, 5);
    assertEquals(4.612008, e.effect(), 1e-9);
    assertEquals(2, e.se(), 1e-12);
    assertEquals(8, e.df(), 1e-12);
    assertEquals(0, e.low(), 1e-5);
    assertEquals(9.224016, e.high(), 1e-5);
    assertEquals(0.05, e.pValue(), 1e-6);
  }

  @Test
  void welchWithUnequalArmsUsesSatterthwaite() {
    // a = 8/4 = 2, b = 18/9 = 2: se = 2, df = 16 / (4/3 + 4/8) = 8.727273
    Stats.Estimate e = Stats.welch(3, 8, 4, 1, 18, 9);
    assertEquals(2, e.effect(), 1e-12);
    assertEquals(2, e.se(), 1e-12);
    assertEquals(96.0 / 11, e.df(), 1e-9);
  }

  @Test
  void welchWithoutVariationIsCertainAndNeedsTwoRowsPerArm() {
    Stats.Estimate e = Stats.welch(5, 0, 3, 2, 0, 3);
    assertEquals(3, e.low(), 0);
    assertEquals(3, e.high(), 0);
    assertEquals(0, e.pValue(), 0);
    assertThrows(IllegalArgumentException.class, () -> Stats.welch(1, 1, 1, 1, 1, 5));
  }

  @Test
  void cupedRemovesThePrePeriodVarianceAndRecoversTheEffect() {
    // treated y = x + 1, control y = x; the arms' x differ by chance (means 2 and 3), so the raw
    // comparison shows no effect. Pooled slope theta = (4*2 + 4*2) / (4*2 + 4*2) = 1; overall
    // mean x = 2.5; adjusted means 3 - (2 - 2.5) = 3.5 and 3 - (3 - 2.5) = 2.5; adjusted
    // variance 4 - 2*4 + 4 = 0.
    Stats.Moments t = moments(new double[] {0, 2, 4}, new double[] {1, 3, 5}, 0);
    Stats.Moments c = moments(new double[] {1, 3, 5}, new double[] {1, 3, 5}, 0);
    assertEquals(1, Stats.theta(t, c), 1e-12);
    Stats.Estimate raw = Stats.itt(t, c);
    assertEquals(0, raw.effect(), 1e-12);
    assertEquals(Math.sqrt(8.0 / 3), raw.se(), 1e-12);
    Stats.Estimate cuped = Stats.cuped(t, c);
    assertEquals(1, cuped.effect(), 1e-12);
    assertEquals(0, cuped.se(), 1e-6);
  }

  @Test
  void waldDividesByTheShareMetAndStaysSilentWithoutCompliance() {
    Stats.Estimate itt = new Stats.Estimate(10, 4, 30, 2, 18, 0.02);
    Stats.Moments half = new Stats.Moments(10, 0, 0, 0, 0, 0, 5);
    Stats.Moments none = new Stats.Moments(10, 0, 0, 0, 0, 0, 0);
    Stats.Estimate wald = Stats.wald(itt, half, none);
    assertEquals(20, wald.effect(), 1e-12);
    assertEquals(4, wald.low(), 1e-12);
    assertEquals(36, wald.high(), 1e-12);
    assertEquals(0.02, wald.pValue(), 0);
    assertNull(Stats.wald(itt, none, none));
  }
}
