package com.visitrank.model;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class TrainerTest {

  /** dpd 0..9 with a bad rate of dpd/10 (exactly, by a fixed pattern); a noise column. */
  private static Dataset<Row> rows(SparkSession spark, int n, String prefix) {
    StructType schema = new StructType().add("loan_id", DataTypes.StringType)
        .add("dpd", DataTypes.IntegerType).add("noise", DataTypes.StringType)
        .add("label_x", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int dpd = i % 10;
      int turn = (i / 10) % 10;
      rows.add(RowFactory.create(prefix + i, dpd, i % 3 == 0 ? "a" : "b", turn < dpd));
    }
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void calibratedProbabilitiesMatchTheObservedRateAndKeepTheOrder(SparkSession spark) {
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 10, 0.05, true, 0.001,
        new Trainer.Gbt(5, 2, 0.1, 0.8, 20, true), 1);
    List<TrainedModel> models = Trainer.fit(rows(spark, 400, "f"), rows(spark, 200, "c"),
        options, List.of(TrainedModel.SCORECARD), "m", "v1");
    TrainedModel model = models.get(0);
    assertEquals(TrainedModel.SCORECARD, model.kind());
    Dataset<Row> scored = model.score(rows(spark, 200, "c"));
    // Isotonic regression fitted on these rows: its mean prediction is their bad rate, 0.45,
    // up to the centring (interpolation between the middles of its steps): within 0.01.
    Row means = scored.agg(avg(Scorer.PROBABILITY), avg(col("label_x").cast("double")))
        .first();
    assertEquals(0.45, means.getDouble(1), 1e-12);
    assertEquals(means.getDouble(1), means.getDouble(0), 0.01);
    List<Row> byDpd = scored.groupBy("dpd").agg(avg(Scorer.PROBABILITY)).orderBy("dpd")
        .collectAsList();
    for (int i = 1; i < byDpd.size(); i++) {
      assertTrue(byDpd.get(i).getDouble(1) >= byDpd.get(i - 1).getDouble(1),
          "probability falls between dpd " + (i - 1) + " and " + i + ": " + byDpd);
    }
    assertTrue(byDpd.get(9).getDouble(1) > byDpd.get(0).getDouble(1) + 0.5);
    assertEquals(List.of("loan_id", "dpd", "noise", "label_x", Scorer.PROBABILITY,
        Scorer.REASON_CODES), List.of(scored.columns()));
    Row worst = scored.filter(col("dpd").equalTo(9)).first();
    assertEquals("9 days past due", worst.getList(worst.fieldIndex(Scorer.REASON_CODES))
        .get(0));
    assertEquals(0, scored.filter(col(Scorer.PROBABILITY).isNull()).count());
    assertEquals(200L, scored.agg(sum(col("dpd").geq(0).cast("long"))).first().getLong(0));
  }

  @Test
  void scorecardRowsFoldIntoWeightedPatternsInOneSortedPartition(SparkSession spark) {
    StructType schema = new StructType().add("w_a", DataTypes.DoubleType)
        .add("w_b", DataTypes.DoubleType).add(Trainer.Y, DataTypes.DoubleType);
    List<Row> rows = List.of(RowFactory.create(0.5, -1.0, 1.0), RowFactory.create(-0.2, 0.3, 0.0),
        RowFactory.create(0.5, -1.0, 1.0), RowFactory.create(0.5, -1.0, 0.0),
        RowFactory.create(-0.2, 0.3, 0.0), RowFactory.create(0.5, -1.0, 1.0));
    Dataset<Row> prepared = spark.createDataFrame(rows, schema).repartition(3);
    Dataset<Row> patterns = Trainer.scorecardPatterns(prepared, List.of("w_a", "w_b"),
        when(col(Trainer.Y).equalTo(1.0), 3.0).otherwise(0.5));
    assertEquals(1, patterns.rdd().getNumPartitions());
    List<Row> got = patterns.select("w_a", "w_b", Trainer.Y, Trainer.PATTERN_ROWS,
        Trainer.WEIGHT).collectAsList();
    assertEquals(List.of(RowFactory.create(-0.2, 0.3, 0.0, 2L, 1.0),
        RowFactory.create(0.5, -1.0, 0.0, 1L, 0.5), RowFactory.create(0.5, -1.0, 1.0, 3L, 9.0)),
        got);
  }

  @Test
  void scorecardCoefficientsDoNotDependOnHowTheRowsArePartitioned(SparkSession spark) {
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 10, 0.05, true, 0.001,
        new Trainer.Gbt(5, 2, 0.1, 0.8, 20, true), 1);
    Dataset<Row> calibration = rows(spark, 200, "c");
    TrainedModel one = Trainer.fit(rows(spark, 3000, "f").coalesce(1), calibration, options,
        List.of(TrainedModel.SCORECARD), "m", "v1").get(0);
    TrainedModel many = Trainer.fit(rows(spark, 3000, "f").orderBy(rand(7)).repartition(7),
        calibration, options, List.of(TrainedModel.SCORECARD), "m", "v1").get(0);
    assertArrayEquals(one.coefficients(), many.coefficients(), 0.0);
    assertEquals(one.intercept(), many.intercept(), 0.0);
  }

  @Test
  void centredCalibrationInterpolatesBetweenTheMiddlesOfTheSteps(SparkSession spark) {
    StructType schema = new StructType().add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    List<Row> points = new ArrayList<>();
    double[] y = {0, 0, 1, 0, 1, 1};
    for (int i = 0; i < y.length; i++) {
      points.add(RowFactory.create(i + 1.0, y[i]));
    }
    // Pool-adjacent violators: steps 0 on [1, 2], 0.5 on [3, 4], 1 on [5, 6].
    IsotonicRegressionModel steps = new IsotonicRegression().setFeaturesCol("x")
        .setLabelCol("y").fit(spark.createDataFrame(points, schema));
    assertEquals(0.5, steps.predict(3.0), 1e-12);
    assertEquals(0.5, steps.predict(4.0), 1e-12);

    IsotonicRegressionModel centred = Trainer.centred(steps, spark);
    assertArrayEquals(new double[] {1.5, 3.5, 5.5}, centred.boundaries().toArray(), 1e-12);
    assertArrayEquals(new double[] {0, 0.5, 1}, centred.predictions().toArray(), 1e-12);
    assertEquals(0.25, centred.predict(2.5), 1e-12);
    assertEquals(0.375, centred.predict(3.0), 1e-12);
    assertEquals(0.625, centred.predict(4.0), 1e-12);
    assertEquals(0.0, centred.predict(1.0), 1e-12);
    assertEquals(1.0, centred.predict(6.0), 1e-12);
    assertEquals("x", centred.getFeaturesCol());
  }

  @Test
  void treesAreFittedOnImputedValuesWithMissingIndicators(SparkSession spark) {
    Dataset<Row> fit = rows(spark, 300, "f").withColumn("dpd_or_null",
        when(col("dpd").equalTo(0), null).otherwise(col("dpd")))
        .withColumn("never_known", org.apache.spark.sql.functions.lit(null).cast("double"));
    Trainer.Options options = new Trainer.Options("label_x", Set.of("dpd"), 5, 0.05, true,
        0.001, new Trainer.Gbt(5, 2, 0.3, 0.8, 20, true), 1);
    TrainedModel gbt = Trainer.fit(fit, fit, options, List.of(TrainedModel.GBT), "m", "v1")
        .get(0);
    assertEquals(List.of("_m_woe_noise", "_m_num_dpd_or_null", "_m_nul_dpd_or_null",
        "_m_num_never_known", "_m_nul_never_known"), TrainedModel.gbtInputs(gbt.bins()));
    // A column that is always null imputes 0 (its quantile is NaN), so no score is NaN.
    assertEquals(0.0, gbt.medians().get("never_known"));
    assertEquals(0, gbt.score(fit).filter(col(Scorer.PROBABILITY).isNull()
        .or(org.apache.spark.sql.functions.isnan(col(Scorer.PROBABILITY)))).count());
    BinaryMetrics.Summary s = BinaryMetrics.summary(gbt.score(fit), Scorer.PROBABILITY,
        Scorer.PROBABILITY, "label_x");
    assertTrue(s.auc() > 0.8, "AUC " + s.auc());
  }

  @Test
  void crossFittedTreesAverageTheirMembersEachCalibratedOnTheFoldItWasNotFittedOn(
      SparkSession spark) {
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
        new Trainer.Gbt(5, 2, 0.3, 0.8, 20, true, 3), 1);
    Dataset<Row> fit = rows(spark, 600, "f");
    Dataset<Row> calibration = rows(spark, 300, "c");
    TrainedModel gbt = Trainer.fit(fit, calibration, options, List.of(TrainedModel.GBT), "m",
        "v1").get(0);
    assertEquals(3, gbt.members());
    assertEquals(7, gbt.pipeline().stages().length);

    Dataset<Row> all = fit.unionByName(calibration);
    Dataset<Row> members = gbt.pipeline().transform(TrainedModel.prepare(
            DerivedFeatures.add(all), gbt.bins(), TrainedModel.GBT, gbt.medians()))
        .withColumn("fold", Trainer.fold(3, 1))
        .select(col("loan_id"), col("fold"), col("label_x").cast("double").as("y"),
            col(TrainedModel.member(0)), col(TrainedModel.member(1)),
            col(TrainedModel.member(2)))
        .join(gbt.score(all).select("loan_id", Scorer.PROBABILITY), "loan_id")
        .join(gbt.scoreOutOfFold(all, 1).select(col("loan_id"),
            col(TrainedModel.RAW_SCORE).as("out_of_fold")), "loan_id")
        .cache();
    assertEquals(900, members.count());
    for (Row r : members.collectAsList()) {
      double[] m = {r.getDouble(3), r.getDouble(4), r.getDouble(5)};
      assertEquals((m[0] + m[1] + m[2]) / 3, r.getDouble(6), 1e-12, "mean of " + r);
      assertEquals(m[r.getInt(1)], r.getDouble(7), 0.0, "out of fold " + r);
    }
    // Member k is calibrated (isotonic, centred) on fold k: there its mean is the fold's bad
    // rate, up to the centring (trees have few distinct scores, so fewer, wider steps than the
    // scorecard's: within 0.02); every fold holds rows.
    for (int k = 0; k < 3; k++) {
      Row means = members.filter(col("fold").equalTo(k))
          .agg(avg(TrainedModel.member(k)), avg("y"), org.apache.spark.sql.functions.count("y"))
          .first();
      assertTrue(means.getLong(2) > 200, "fold " + k + " rows " + means.getLong(2));
      assertEquals(means.getDouble(1), means.getDouble(0), 0.02, "fold " + k);
    }
    BinaryMetrics.Summary s = BinaryMetrics.summary(gbt.scoreOutOfFold(all, 1),
        TrainedModel.RAW_SCORE, Scorer.PROBABILITY, "label_x");
    assertTrue(s.auc() > 0.8, "out-of-fold AUC " + s.auc());
    members.unpersist();
  }

  @Test
  void everyTreeModelDrawsTheConfiguredFeatureSubsetAtEachSplit(SparkSession spark) {
    Dataset<Row> fit = rows(spark, 400, "f");
    Dataset<Row> calibration = rows(spark, 200, "c");
    for (int folds : new int[] {1, 2}) {
      Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
          new Trainer.Gbt(3, 2, 0.3, 0.8, 20, true, folds, "sqrt"), 1);
      TrainedModel gbt = Trainer.fit(fit, calibration, options, List.of(TrainedModel.GBT), "m",
          "v1").get(0);
      List<GBTClassificationModel> trees = Arrays.stream(gbt.pipeline().stages())
          .filter(GBTClassificationModel.class::isInstance)
          .map(GBTClassificationModel.class::cast).toList();
      assertEquals(folds, trees.size());
      for (GBTClassificationModel tree : trees) {
        assertEquals("sqrt", tree.getFeatureSubsetStrategy());
      }
    }
  }

  @Test
  void aSingleModelScoresOutOfFoldAsItScores(SparkSession spark) {
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
        new Trainer.Gbt(5, 2, 0.3, 0.8, 20, true), 1);
    TrainedModel gbt = Trainer.fit(rows(spark, 300, "f"), rows(spark, 200, "c"), options,
        List.of(TrainedModel.GBT), "m", "v1").get(0);
    assertEquals(0, gbt.members());
    Dataset<Row> rows = rows(spark, 200, "c");
    assertEquals(gbt.scoreRaw(rows).select("loan_id", TrainedModel.RAW_SCORE).collectAsList(),
        gbt.scoreOutOfFold(rows, 1).select("loan_id", TrainedModel.RAW_SCORE).collectAsList());
  }

  /**
   * Bad rate 5%: half of the rows with dpd 9 are bad, every other row is good. Balanced class
   * weights make a bad weigh about 19 times a good.
   */
  private static Dataset<Row> rareBads(SparkSession spark, int n, String prefix) {
    StructType schema = new StructType().add("loan_id", DataTypes.StringType)
        .add("dpd", DataTypes.IntegerType).add("label_x", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(prefix + i, i % 10, i % 10 == 9 && (i / 10) % 10 < 5));
    }
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void treesWeighRowsByClassOnlyWhenBalanced(SparkSession spark) {
    Dataset<Row> fit = rareBads(spark, 1000, "f");
    Dataset<Row> calibration = rareBads(spark, 1000, "c");
    double[] rawAtDpd9 = new double[2];
    double[] calibratedMean = new double[2];
    boolean[] balanced = {true, false};
    for (int i = 0; i < 2; i++) {
      Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
          new Trainer.Gbt(5, 2, 0.1, 1.0, 20, balanced[i]), 1);
      TrainedModel gbt = Trainer.fit(fit, calibration, options, List.of(TrainedModel.GBT), "m",
          "v1").get(0);
      Dataset<Row> scored = gbt.scoreRaw(calibration);
      rawAtDpd9[i] = scored.filter(col("dpd").equalTo(9)).agg(avg(TrainedModel.RAW_SCORE))
          .first().getDouble(0);
      calibratedMean[i] = scored.agg(avg(Scorer.PROBABILITY)).first().getDouble(0);
    }
    // Half of the dpd-9 rows are bad. Weighted, the first tree sees 95% of that leaf's weight
    // on bads; unweighted, 50%: the raw probabilities differ, the calibrated ones do not.
    assertTrue(rawAtDpd9[0] > 0.8, "balanced raw score at dpd 9: " + rawAtDpd9[0]);
    assertEquals(0.5, rawAtDpd9[1], 0.1, "unweighted raw score at dpd 9");
    assertEquals(0.05, calibratedMean[0], 0.01);
    assertEquals(0.05, calibratedMean[1], 0.01);
  }
  @Test
  void theNumberOfTreesIsTheFirstLowestLoss() {
    assertEquals(4, Trainer.lowestLoss(new double[] {0.5, 0.4, 0.41, 0.39, 0.45}));
    assertEquals(2, Trainer.lowestLoss(new double[] {0.5, 0.3, 0.4, 0.3}));
    assertEquals(1, Trainer.lowestLoss(new double[] {0.2, 0.3, 0.4}));
    assertEquals(3, Trainer.lowestLoss(new double[] {0.9, 0.8, 0.7}));
    assertEquals(1, Trainer.lowestLoss(new double[] {0.7}));
  }

  /**
   * {@link #rows} with a label that the loan's hash flips for 30% of the rows, and a numeric
   * column of noise with many values: something to overfit.
   */
  private static Dataset<Row> noisyRows(SparkSession spark, int n, String prefix) {
    return rows(spark, n, prefix)
        .withColumn("label_x", when(functions.pmod(functions.hash(col("loan_id")),
            functions.lit(10)).lt(3), functions.not(col("label_x"))).otherwise(col("label_x")))
        .withColumn("jitter", functions.pmod(functions.hash(col("loan_id"), functions.lit("j")),
            functions.lit(1000)).cast("double"));
  }

  /**
   * With {@code selectTrees} the first model keeps its first {@code m} trees, {@code m} the
   * lowest held-out loss of the same model grown to the cap (its calibration rows: fold 0 of an
   * ensemble, the calibration rows of a single model); every member keeps as many, and the cut
   * model is the grown one's first trees. Noisy rows stop the trees early; clean ones, whose
   * loss keeps falling, keep more than one.
   */
  @Test
  void selectedTreesAreTheFirstOnesUpToTheLowestHeldOutLoss(SparkSession spark) {
    int cap = 30;
    for (int folds : new int[] {1, 3}) {
      int kept = selectedTrees(noisyRows(spark, 600, "f"), noisyRows(spark, 300, "c"), folds,
          new Trainer.Gbt(cap, 3, 0.5, 0.8, 5, false, folds, "all", true));
      assertTrue(kept < cap, "noise should stop the trees before " + cap + ", folds " + folds);
    }
    int kept = selectedTrees(rows(spark, 600, "f"), rows(spark, 300, "c"), 3,
        new Trainer.Gbt(cap, 1, 0.3, 0.8, 20, false, 3, "all", true));
    assertTrue(kept > 1, "clean rows should keep more than one tree, kept " + kept);
  }

  /**
   * Fits {@code gbt} with and without selecting trees, checks the selection against the grown
   * model's held-out losses (see the test above), and returns the trees kept.
   */
  private static int selectedTrees(Dataset<Row> fit, Dataset<Row> calibration, int folds,
      Trainer.Gbt gbt) {
    TrainedModel[] fitted = new TrainedModel[2];
    for (int select = 0; select < 2; select++) {
      Trainer.Gbt settings = new Trainer.Gbt(gbt.iterations(), gbt.depth(), gbt.stepSize(),
          gbt.subsamplingRate(), gbt.minInstancesPerNode(), gbt.balanced(), gbt.folds(),
          gbt.featureSubset(), select == 1);
      Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
          settings, 1);
      fitted[select] = Trainer.fit(fit, calibration, options, List.of(TrainedModel.GBT), "m",
          "v1").get(0);
    }
    TrainedModel grown = fitted[0];
    TrainedModel selected = fitted[1];
    assertEquals(java.util.Collections.nCopies(folds, gbt.iterations()), grown.trees());
    Dataset<Row> heldOut = folds == 1 ? calibration
        : fit.unionByName(calibration).filter(Trainer.fold(folds, 1).equalTo(0));
    Dataset<Row> assembled = grown.pipeline().stages()[0].transform(TrainedModel.prepare(
        DerivedFeatures.add(heldOut).withColumn(Trainer.Y, col("label_x").cast("double")),
        grown.bins(), TrainedModel.GBT, grown.medians()));
    GBTClassificationModel full = (GBTClassificationModel) grown.pipeline().stages()[1];
    int expected = Trainer.lowestLoss(full.evaluateEachIteration(assembled));
    assertEquals(java.util.Collections.nCopies(folds, expected), selected.trees(),
        "folds " + folds);
    GBTClassificationModel cut = (GBTClassificationModel) selected.pipeline().stages()[1];
    assertArrayEquals(Arrays.copyOf(full.treeWeights(), expected), cut.treeWeights());
    for (int t = 0; t < expected; t++) {
      assertEquals(splits(full.trees()[t]), splits(cut.trees()[t]), "tree " + t);
    }
    return expected;
  }

  /** A tree's splits and predictions: its debug string without the first line (its uid). */
  private static String splits(DecisionTreeRegressionModel tree) {
    String text = tree.toDebugString();
    return text.substring(text.indexOf('\n'));
  }

  @Test
  void aModelCutToItsFirstTreesKeepsItsSettings(SparkSession spark) {
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
        new Trainer.Gbt(6, 2, 0.3, 0.8, 20, true, 1, "sqrt"), 1);
    TrainedModel gbt = Trainer.fit(rows(spark, 300, "f"), rows(spark, 200, "c"), options,
        List.of(TrainedModel.GBT), "m", "v1").get(0);
    GBTClassificationModel full = (GBTClassificationModel) gbt.pipeline().stages()[1];
    GBTClassificationModel cut = Trainer.firstTrees(full, 4);
    assertEquals(4, cut.getNumTrees());
    assertEquals(full.uid(), cut.uid());
    assertEquals(full.numFeatures(), cut.numFeatures());
    assertEquals(full.getProbabilityCol(), cut.getProbabilityCol());
    assertEquals(full.getFeaturesCol(), cut.getFeaturesCol());
    assertEquals("sqrt", cut.getFeatureSubsetStrategy());
    assertEquals(6, cut.getMaxIter());
    assertTrue(Trainer.firstTrees(full, 6) == full, "a cut to all its trees is the model");
  }

  @Test
  void aBlendIsTheLogisticOfTheWeightedLogOdds(SparkSession spark) {
    StructType schema = new StructType().add("p", DataTypes.DoubleType)
        .add("s", DataTypes.DoubleType).add("w", DataTypes.DoubleType)
        .add("expected", DataTypes.DoubleType);
    double clipped = Math.log(1e-6 / (1 - 1e-6));
    List<Row> cases = List.of(
        RowFactory.create(0.2, Math.log(4), 0.5, 0.5),
        RowFactory.create(0.2, 0.0, 0.0, 0.2),
        RowFactory.create(0.5, Math.log(3), 0.25, 1 / (1 + Math.exp(-Math.log(3) / 4))),
        RowFactory.create(0.9, -1.0, 1.0, 1 / (1 + Math.exp(1.0))),
        RowFactory.create(0.0, 2.0, 0.5, 1 / (1 + Math.exp(-(1.0 + clipped / 2)))),
        RowFactory.create(1.0, 0.0, 0.5, 1 / (1 + Math.exp(clipped / 2))));
    for (Row c : cases) {
      double w = c.getDouble(2);
      double blended = spark.createDataFrame(List.of(c), schema)
          .select(TrainedModel.blend(col("p"), col("s"), w)).first().getDouble(0);
      assertEquals(c.getDouble(3), blended, 1e-12, c.toString());
    }
  }

  /**
   * Two features that add up (x1 and x2, 0-9 each) and a bad rate that rises with their sum:
   * the scorecard ranks by the sum, a couple of stumps cannot, so blending them pays.
   */
  private static Dataset<Row> additiveRows(SparkSession spark, int n, String prefix) {
    StructType schema = new StructType().add("loan_id", DataTypes.StringType)
        .add("x1", DataTypes.IntegerType).add("x2", DataTypes.IntegerType)
        .add("label_x", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int x1 = i % 10;
      int x2 = (i / 10) % 10;
      double u = Math.floorMod(Long.hashCode((i + 1) * 0x9E3779B97F4A7C15L), 1000) / 1000.0;
      rows.add(RowFactory.create(prefix + i, x1, x2, u < 0.05 + 0.9 * (x1 + x2) / 18.0));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * With the weight to choose, the GBT's weight is the one of {@code BLEND_WEIGHTS} whose blend
   * of its probability (out of fold for an ensemble) and the scorecard's log-odds (its logistic
   * regression's margin) ranks the calibration rows best; the model's raw score is that blend
   * on any rows, and its calibrated probability matches the calibration rows' bad rate.
   */
  @Test
  void theScorecardWeightIsTheBestBlendOnTheCalibrationRows(SparkSession spark) {
    Dataset<Row> fit = additiveRows(spark, 1000, "f");
    Dataset<Row> calibration = additiveRows(spark, 600, "c");
    for (int folds : new int[] {1, 3}) {
      Trainer.Options options = new Trainer.Options("label_x", Set.of(), 10, 0.05, true,
          0.001, new Trainer.Gbt(2, 1, 0.3, 0.8, 20, true, folds, "all", false,
          OptionalDouble.empty()), 1);
      List<TrainedModel> models = Trainer.fit(fit, calibration, options,
          List.of(TrainedModel.SCORECARD, TrainedModel.GBT), "m", "v1");
      TrainedModel gbt = models.get(1);
      String where = "folds " + folds;
      Dataset<Row> margins = models.get(0).pipeline().transform(TrainedModel.prepare(
              DerivedFeatures.add(calibration), models.get(0).bins(), TrainedModel.SCORECARD,
              Map.of()))
          .select(col("loan_id"), vector_to_array(col(TrainedModel.HELPER + "raw"),
              "float64").getItem(1).as("margin"));
      Dataset<Row> trees = gbt.pipeline().transform(TrainedModel.prepare(
          DerivedFeatures.add(calibration), gbt.bins(), TrainedModel.GBT, gbt.medians()));
      Column own = folds == 1
          ? vector_to_array(col(TrainedModel.HELPER + "probability"), "float64").getItem(1)
          : functions.element_at(functions.array(col(TrainedModel.member(0)),
              col(TrainedModel.member(1)), col(TrainedModel.member(2))),
              Trainer.fold(3, 1).plus(1));
      Column mean = folds == 1 ? own : col(TrainedModel.member(0))
          .plus(col(TrainedModel.member(1))).plus(col(TrainedModel.member(2))).divide(3);
      Dataset<Row> parts = trees.select(col("loan_id"), col("label_x").cast("double").as("y"),
              own.as("own"), mean.as("mean")).join(margins, "loan_id").cache();
      assertEquals(600, parts.count());
      double best = -1;
      double bestAuc = Double.NEGATIVE_INFINITY;
      for (double w : Trainer.Gbt.BLEND_WEIGHTS) {
        double auc = BinaryMetrics.summary(parts.withColumn("b", TrainedModel.blend(
            col("own"), col("margin"), w)), "b", "b", "y").auc();
        if (auc > bestAuc) {
          best = w;
          bestAuc = auc;
        }
      }
      assertEquals(best, gbt.scorecardWeight(), 0.0, where);
      assertTrue(gbt.scorecardWeight() > 0, "the scorecard should help the stumps, " + where);
      Dataset<Row> scored = gbt.scoreRaw(calibration).join(parts, "loan_id");
      assertEquals(0, scored.filter(functions.abs(col(TrainedModel.RAW_SCORE).minus(
          TrainedModel.blend(col("mean"), col("margin"), best))).gt(1e-12)).count(), where);
      Dataset<Row> outOfFold = gbt.scoreOutOfFold(calibration, 1).join(parts, "loan_id");
      assertEquals(0, outOfFold.filter(functions.abs(col(TrainedModel.RAW_SCORE).minus(
          TrainedModel.blend(col("own"), col("margin"), best))).gt(1e-12)).count(), where);
      // Calibrated on these rows (isotonic, centred): their mean is the bad rate, up to the
      // centring of the steps (within 0.02, as for the members of an ensemble above).
      Row means = outOfFold.agg(avg(Scorer.PROBABILITY), avg("y")).first();
      assertEquals(means.getDouble(1), means.getDouble(0), 0.02, where);
      parts.unpersist();
    }
  }

  @Test
  void aConfiguredScorecardWeightIsKept(SparkSession spark) {
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 10, 0.05, true, 0.001,
        new Trainer.Gbt(2, 1, 0.3, 0.8, 20, true, 1, "all", false, OptionalDouble.of(0.7)),
        1);
    List<TrainedModel> models = Trainer.fit(additiveRows(spark, 600, "f"),
        additiveRows(spark, 300, "c"), options,
        List.of(TrainedModel.SCORECARD, TrainedModel.GBT), "m", "v1");
    assertEquals(0.0, models.get(0).scorecardWeight());
    assertEquals(0.7, models.get(1).scorecardWeight());
  }
}
