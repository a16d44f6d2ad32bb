package com.visitrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class WoeBinningTest {

  private static final ModelFeature X = new ModelFeature("x", false, "int");
  private static final ModelFeature C = new ModelFeature("c", true, "string");

  @Test
  void woeIsTheLogRatioOfBadAndGoodSharesWithHalfCountSmoothing() {
    // 3 bads, 1 good of B = 4 and G = 4: ln(3.5/4) - ln(1.5/4) = ln(7/3).
    assertEquals(Math.log(7.0 / 3), WoeBinning.woe(3, 4, 4, 4), 1e-12);
    assertEquals(0.0, WoeBinning.woe(0, 0, 4, 4), 0.0);
  }

  @Test
  void violatingNeighboursArePooledUntilTheBadRateIsMonotone() {
    // Bad rates 0.1, 0.3, 0.2, 0.4 rise overall; bins 2 and 3 violate and are pooled (5/20).
    FeatureBins bins = WoeBinning.numericBins(X, new double[] {1, 2, 3},
        new long[] {1, 3, 2, 4}, new long[] {10, 10, 10, 10}, 0, 0, 10, 30, true);
    assertArrayEquals(new double[] {1, 3}, bins.upper());
    assertArrayEquals(new long[] {1, 5, 4}, bins.bads());
    assertArrayEquals(new long[] {10, 20, 10}, bins.totals());
    assertEquals(WoeBinning.woe(5, 20, 10, 30), bins.woe()[1], 1e-12);
    assertEquals(0.0, bins.missingWoe(), 0.0);
    // A falling trend pools the other way: 0.4, 0.2, 0.3, 0.1 -> 0.4, 0.25, 0.1.
    FeatureBins falling = WoeBinning.numericBins(X, new double[] {1, 2, 3},
        new long[] {4, 2, 3, 1}, new long[] {10, 10, 10, 10}, 0, 0, 10, 30, true);
    assertArrayEquals(new double[] {1, 3}, falling.upper());
    assertArrayEquals(new long[] {4, 5, 1}, falling.bads());
  }

  @Test
  void emptyBinsMergeIntoTheirNeighbourAndTheLastBinStaysOpen() {
    FeatureBins bins = WoeBinning.numericBins(X, new double[] {1, 2, 3},
        new long[] {1, 0, 2, 0}, new long[] {5, 0, 5, 0}, 0, 0, 3, 7, false);
    assertArrayEquals(new double[] {1}, bins.upper());
    assertArrayEquals(new long[] {5, 5}, bins.totals());
  }

  @Test
  void fitCutsAtQuantilesGivesNullsTheirOwnBinAndPoolsRareCategories(SparkSession spark) {
    StructType schema = new StructType().add("x", DataTypes.IntegerType)
        .add("c", DataTypes.StringType).add("y", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    // x = 1..8: bads at 5..8 (and at the null); c: "a" x5, "b" x4, "z" once (rare, bad).
    for (int i = 1; i <= 8; i++) {
      rows.add(RowFactory.create(i, i <= 5 ? "a" : "b", i >= 5 ? 1 : 0));
    }
    rows.add(RowFactory.create(null, "z", 1));
    rows.add(RowFactory.create(null, null, 0));
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    List<FeatureBins> fitted = WoeBinning.fit(data, List.of(X, C), "y", 2, 0.2, true);
    FeatureBins x = fitted.get(0);
    assertArrayEquals(new double[] {4}, x.upper());
    assertArrayEquals(new long[] {0, 4}, x.bads());
    assertArrayEquals(new long[] {4, 4}, x.totals());
    assertEquals(2, x.missingTotal());
    assertEquals(1, x.missingBads());
    assertEquals(WoeBinning.woe(1, 2, 5, 5), x.missingWoe(), 1e-12);
    FeatureBins c = fitted.get(1);
    assertEquals(List.of("a", "b"), c.categories());
    assertArrayEquals(new long[] {1, 3, 1}, c.bads());
    assertArrayEquals(new long[] {5, 3, 1}, c.totals());
    assertEquals(1, c.missingTotal());

    Dataset<Row> binned = data.select(x.bin().as("bx"), c.bin().as("bc"));
    List<Row> expected = List.of(RowFactory.create(0, 0), RowFactory.create(0, 0),
        RowFactory.create(0, 0), RowFactory.create(0, 0), RowFactory.create(1, 0),
        RowFactory.create(1, 1), RowFactory.create(1, 1), RowFactory.create(1, 1),
        RowFactory.create(-1, 2), RowFactory.create(-1, -1));
    assertEquals(expected, binned.collectAsList());
  }

  @Test
  void onlyNumbersBooleansAndStringsOutsideKeysAndLabelsAreFeatures() {
    StructType schema = new StructType().add("loan_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType).add("dpd", DataTypes.IntegerType)
        .add("region", DataTypes.StringType).add("in_litigation", DataTypes.BooleanType)
        .add("seen", DataTypes.DateType).add("label_x", DataTypes.BooleanType)
        .add("skip", DataTypes.DoubleType);
    assertEquals(List.of(new ModelFeature("dpd", false, "int"),
            new ModelFeature("region", true, "string"),
            new ModelFeature("in_litigation", false, "boolean")),
        ModelFeature.select(schema, Set.of("skip")));
  }
}
