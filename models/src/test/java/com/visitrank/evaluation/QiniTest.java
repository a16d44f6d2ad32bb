package com.visitrank.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class QiniTest {

  @Test
  void curveAndAreaOfTwoBinsByHand() {
    // Top half: visited 2 loans recovered 300, control 2 recovered 100. Bottom half: 100 each.
    // Q(1/2) = (300 - 100 * 2/2) / 4 = 50; Q(1) = (400 - 200 * 4/4) / 4 = 50.
    // Random: 0, 25, 50. Area = (25 + 0)/2 * 0.5 + (0 + 25)/2 * 0.5 = 12.5
    Qini.Curve curve = Qini.curve(List.of(new Qini.Bin(1, 2, 300, 2, 100),
        new Qini.Bin(2, 2, 100, 2, 100)), 2);
    assertArrayEquals(new double[] {0, 0.5, 1}, curve.share(), 1e-12);
    assertArrayEquals(new double[] {0, 50, 50}, curve.qini(), 1e-12);
    assertArrayEquals(new double[] {0, 25, 50}, curve.random(), 1e-12);
    assertEquals(12.5, curve.area(), 1e-12);
  }

  @Test
  void aRankingThatPutsRespondersLastHasANegativeArea() {
    Qini.Curve curve = Qini.curve(List.of(new Qini.Bin(1, 2, 100, 2, 100),
        new Qini.Bin(2, 2, 300, 2, 100)), 2);
    // Q(1/2) = 0, Q(1) = 50; random 25 at 1/2: area = (-25/2) * 0.5 * 2 = -12.5
    assertEquals(-12.5, curve.area(), 1e-12);
  }

  @Test
  void intervalTakesTheNearestRankQuantiles() {
    double[] areas = new double[100];
    for (int i = 0; i < 100; i++) {
      areas[99 - i] = i + 1;
    }
    // floor(0.025 * 99) = 2 -> 3; ceil(0.975 * 99) = 97 -> 98
    assertArrayEquals(new double[] {3, 98}, Qini.interval(areas), 0);
  }
}
