package com.visitrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class BinaryMetricsTest {

  private static final StructType SCHEMA = new StructType()
      .add("score", DataTypes.DoubleType).add("p", DataTypes.DoubleType)
      .add("y", DataTypes.IntegerType);

  private static Dataset<Row> rows(SparkSession spark, Object[]... values) {
    List<Row> rows = new ArrayList<>();
    for (Object[] v : values) {
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  @Test
  void aucKsPrAucAndBrierOfFourRowsComputedByHand(SparkSession spark) {
    // Bads at 0.9 and 0.7, goods at 0.8 and 0.6: the 0.9 bad beats both goods, the 0.7 bad one:
    // AUC 3/4. After 0.9: 1/2 of bads, 0 goods; after 0.7: all bads, 1/2 goods: KS 1/2.
    // Precision at the bads: 1/1 and 2/3, average 5/6. Brier: (0.01+0.64+0.09+0.36)/4 = 0.275.
    BinaryMetrics.Summary s = BinaryMetrics.summary(rows(spark,
        new Object[] {0.9, 0.9, 1}, new Object[] {0.8, 0.8, 0}, new Object[] {0.7, 0.7, 1},
        new Object[] {0.6, 0.6, 0}), "score", "p", "y");
    assertEquals(4, s.rows());
    assertEquals(2, s.positives());
    assertEquals(0.75, s.auc(), 1e-12);
    assertEquals(0.5, s.gini(), 1e-12);
    assertEquals(0.5, s.ks(), 1e-12);
    assertEquals(5.0 / 6, s.prAuc(), 1e-12);
    assertEquals(0.275, s.brier(), 1e-12);
  }

  @Test
  void tiedScoresCountHalf(SparkSession spark) {
    // One bad and two goods at 0.5, one good at 0.1: pairs (bad, good) = 3, wins 1 + 2 x 1/2.
    BinaryMetrics.Summary s = BinaryMetrics.summary(rows(spark,
        new Object[] {0.5, 0.5, 1}, new Object[] {0.5, 0.5, 0}, new Object[] {0.5, 0.5, 0},
        new Object[] {0.1, 0.1, 0}), "score", "p", "y");
    assertEquals(2.0 / 3, s.auc(), 1e-12);
    assertEquals(1 - 2.0 / 3, s.ks(), 1e-12);
  }

  @Test
  void psiOfTwoBinsComputedByHand() {
    // Shares 0.5/0.5 against 0.25/0.75: (0.25-0.5) ln(0.5) + (0.75-0.5) ln(1.5).
    double psi = BinaryMetrics.psi(new long[] {50, 50}, new long[] {25, 75});
    assertEquals(-0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), psi, 1e-12);
    assertEquals("shift", BinaryMetrics.psiFlag(psi));
    assertEquals("watch", BinaryMetrics.psiFlag(0.1));
    assertEquals("stable", BinaryMetrics.psiFlag(0.0999));
    assertEquals(0.0, BinaryMetrics.psi(new long[] {3, 7}, new long[] {30, 70}), 1e-12);
  }

  @Test
  void decilesCaptureAndLiftOfTenRows(SparkSession spark) {
    // Scores 0.1..1.0, one row per decile; bads at 1.0, 0.9 and 0.5 (overall rate 0.3).
    List<Object[]> values = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      values.add(new Object[] {i / 10.0, i / 20.0, i == 10 || i == 9 || i == 5 ? 1 : 0});
    }
    List<BinaryMetrics.Decile> deciles = BinaryMetrics.deciles(rows(spark,
        values.toArray(Object[][]::new)), "score", "p", "y");
    assertEquals(10, deciles.size());
    BinaryMetrics.Decile first = deciles.get(0);
    assertEquals(1, first.decile());
    assertEquals(1, first.rows());
    assertEquals(1, first.positives());
    assertEquals(0.5, first.meanProbability(), 1e-12);
    assertEquals(1.0 / 3, first.captureRate(), 1e-12);
    assertEquals(1 / 0.3, first.lift(), 1e-9);
    assertEquals(2.0 / 3, deciles.get(1).captureRate(), 1e-12);
    assertEquals(2.0 / 3, deciles.get(4).captureRate(), 1e-12);
    assertEquals(1.0, deciles.get(5).captureRate(), 1e-12);
    assertEquals(0.0, deciles.get(9).lift(), 1e-12);
  }

  @Test
  void featurePsiUsesTheWoeBinsAndTheMissingBin(SparkSession spark) {
    FeatureBins x = WoeBinning.numericBins(new ModelFeature("score", false, "double"),
        new double[] {0.5}, new long[] {1, 1}, new long[] {2, 2}, 0, 0, 2, 2, false);
    StructType schema = new StructType().add("score", DataTypes.DoubleType);
    Dataset<Row> reference = spark.createDataFrame(List.of(RowFactory.create(0.1),
        RowFactory.create(0.9)), schema);
    Dataset<Row> compared = spark.createDataFrame(List.of(RowFactory.create(0.1),
        RowFactory.create((Object) null)), schema);
    // Reference: missing 0, low 1/2, high 1/2; compared: missing 1/2, low 1/2, high 0.
    double f = 1e-4;
    double expected = (0.5 - f) * Math.log(0.5 / f) + (f - 0.5) * Math.log(f / 0.5);
    Map<String, Double> psi = BinaryMetrics.featurePsi(reference, compared, List.of(x));
    assertEquals(expected, psi.get("score"), 1e-12);
  }
}
