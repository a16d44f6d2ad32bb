package com.visitrank.targeting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.DataFrameAssertions;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class SegmentUpliftTest {

  private static final SegmentUplift.Params PARAMS = new SegmentUplift.Params(10, 0.5, 0,
      Map.of("M1", 0.5, "M2", 0.25, "M3", 0.15, "M4+", 0.05),
      Map.of("hardship", 0.3, "unwilling", 0.3, "unreachable", 0.2, "other", 0.1,
          "overstretched", 0.02, "never_paid", 0.0));

  @Test
  void shrinkWeighsTheEstimateByItsRowsAndTheParentByThePriorRows() {
    assertEquals(0.3, SegmentUplift.shrink(0.5, 10, 0.1, 10), 1e-12);
    assertEquals(0.46, SegmentUplift.shrink(0.5, 90, 0.1, 10), 1e-12);
    assertEquals(0.1, SegmentUplift.shrink(0.5, 0, 0.1, 10), 1e-12);
    assertEquals(0.5, SegmentUplift.shrink(0.5, 5, 0.1, 0), 1e-12);
  }

  @Test
  void aRisingRunOfBucketFactorsIsPooledToItsWeightedMean() {
    // Already non-increasing: unchanged.
    assertArrayEquals(new double[] {1.5, 1.0, 1.0, 0.25},
        SegmentUplift.nonIncreasing(new double[] {1.5, 1.0, 1.0, 0.25},
            new double[] {1, 2, 3, 4}), 1e-12);
    // M2 below M3: the two pooled, (0.1 x 30 + 0.5 x 10) / 40 = 0.2.
    assertArrayEquals(new double[] {1.2, 0.2, 0.2, 0.1},
        SegmentUplift.nonIncreasing(new double[] {1.2, 0.1, 0.5, 0.1},
            new double[] {50, 30, 10, 20}), 1e-12);
    // A pooled block that then rises above its left neighbour pools again: 0.2 and 0.8
    // (weights 1, 1) give 0.5 above 0.4, so all three: (0.4 x 2 + 0.2 + 0.8) / 4 = 0.45.
    assertArrayEquals(new double[] {0.45, 0.45, 0.45, 0.45},
        SegmentUplift.nonIncreasing(new double[] {0.4, 0.2, 0.8, 0.45},
            new double[] {2, 1, 1, 7}), 1e-12);
    // Weights of 0: the plain mean.
    assertArrayEquals(new double[] {0.5, 0.5},
        SegmentUplift.nonIncreasing(new double[] {0.25, 0.75}, new double[] {0, 0}), 1e-12);
  }

  @Test
  void withoutPastPlansEverySegmentGetsItsPriors() {
    List<SegmentUplift.Coefficient> priors = SegmentUplift.priors(PARAMS).coefficients();
    assertEquals(SegmentUplift.EVIDENCES.size() * SegmentUplift.BUCKETS.size(), priors.size());
    assertEquals(new SegmentUplift.Coefficient("hardship", "M2", 0.25, 0.3),
        find(priors, "hardship", "M2"));
    assertEquals(new SegmentUplift.Coefficient("never_paid", "M4+", 0.05, 0.0),
        find(priors, "never_paid", "M4+"));
  }

  /**
   * Hardship M1: 20 visited repaid a share of 0.6 on average, 20 control 0.2, mean risk 0.8:
   * responsiveness (0.6 - 0.2) / 0.8 = 0.5 on 20 * 20 / 40 = 10 rows, which weigh 10 * 0.8^2 =
   * 6.4 at full risk. Hardship M2: 10 visited at 0.3, 40 control at 0.2, mean risk 0.5: 0.2 on
   * 10 * 40 / 50 = 8 rows, weighing 8 * 0.5^2 = 2.
   */
  @Test
  void segmentsShrinkTowardTheirEvidenceTimesTheirBucketsFactor() {
    List<SegmentUplift.Stats> stats = List.of(
        new SegmentUplift.Stats("hardship", "M1", 20, 20, 12.0, 4.0, 32.0),
        new SegmentUplift.Stats("hardship", "M2", 10, 40, 3.0, 8.0, 25.0));
    List<SegmentUplift.Coefficient> c = SegmentUplift.coefficients(stats, PARAMS);
    // All plans (here all hardship): visited 30 rows, share 15 (0.5 each); control 60, share
    // 12 (0.2); risk 57 over 90 rows (0.6333...). Estimate (0.5 - 0.2) / 0.63333 = 0.47368 on
    // 20 rows weighing 20 * 0.63333^2; the evidence's is that shrunk toward its prior 0.3.
    double overall = 0.3 / (57.0 / 90);
    double rows = 20 * (57.0 / 90) * (57.0 / 90);
    double pooled = (overall * rows + 0.3 * 10) / (rows + 10);
    // Each bucket holds one segment here: its estimate shrunk toward the overall, over it.
    double factorM1 = (0.5 * 6.4 + overall * 10) / 16.4 / overall;
    // M2's factor is below 1, the factor of M3 and M4+ (no plans), so the gradient pools the
    // three, each weighing its information rows plus the prior rows: 2 + 10, 10 and 10.
    double factorM2 = (0.2 * 2 + overall * 10) / 12 / overall;
    double deeper = (factorM2 * 12 + 10 + 10) / 32;
    double m1 = (0.5 * 6.4 + pooled * factorM1 * 10) / 16.4;
    double m2 = (0.2 * 2 + pooled * deeper * 10) / 12;
    // No-visit share: M1's control 0.2 on 20 rows shrunk toward the M1 bucket (the same rows:
    // 0.2 on 20 rows toward the prior 0.5).
    double bucketM1 = (0.2 * 20 + 0.5 * 10) / 30;
    double bucketM2 = (0.2 * 40 + 0.25 * 10) / 50;
    assertCoefficient(c, "hardship", "M1", (0.2 * 20 + bucketM1 * 10) / 30, m1);
    assertCoefficient(c, "hardship", "M2", (0.2 * 40 + bucketM2 * 10) / 50, m2);
    // Hardship M3 has no plans: its evidence's estimate times the pooled factor, and its
    // bucket's prior.
    assertCoefficient(c, "hardship", "M3", 0.15, pooled * deeper);
    // Unwilling has no plans at all: its prior times the bucket's factor, and the buckets'
    // shrunk no-visit shares.
    assertCoefficient(c, "unwilling", "M1", bucketM1, 0.3 * factorM1);
    assertCoefficient(c, "unwilling", "M3", 0.15, 0.3 * deeper);
  }

  /**
   * Hardship M1: (0.6 - 0.2) / 0.5 = 0.8 on 50 rows at a risk of 0.5, weighing 12.5; hardship
   * M4+: (0.3 - 0.2) / 1.0 = 0.1 on 50 rows at a risk of 1; all plans: (0.45 - 0.2) / 0.75 =
   * 1/3. Bucket factors: M1 (0.8 x 12.5 + 1/3 x 10) / 22.5 x 3 = 1.7778, M4+ (0.1 x 50 + 1/3 x
   * 10) / 60 x 3 = 0.41667, M2 and M3 (no plans) 1.
   */
  @Test
  void anEvidenceWithoutPlansFollowsTheBucketsGradient() {
    List<SegmentUplift.Coefficient> c = SegmentUplift.coefficients(List.of(
        new SegmentUplift.Stats("hardship", "M1", 100, 100, 60.0, 20.0, 100.0),
        new SegmentUplift.Stats("hardship", "M4+", 100, 100, 30.0, 20.0, 200.0)), PARAMS);
    assertEquals(0.1 * 40.0 / 22.5, find(c, "other", "M1").responsiveness(), 1e-12);
    assertEquals(0.1, find(c, "other", "M2").responsiveness(), 1e-12);
    assertEquals(0.1 * 25.0 / 60, find(c, "other", "M4+").responsiveness(), 1e-12);
  }

  @Test
  void noPlanWithAPositiveEffectLeavesThePriorsUnscaled() {
    List<SegmentUplift.Coefficient> c = SegmentUplift.coefficients(List.of(
        new SegmentUplift.Stats("hardship", "M1", 10, 10, 1.0, 2.0, 10.0)), PARAMS);
    assertEquals(0.1, find(c, "other", "M1").responsiveness(), 1e-12);
  }

  @Test
  void aResponsivenessWeighsItsRowsByTheSquaredMeanRisk() {
    // 20 visited and 20 control: 10 rows behind the difference; mean risk 16 / 40 = 0.4.
    assertEquals(10 * 0.4 * 0.4,
        new SegmentUplift.Stats("hardship", "M1", 20, 20, 0.0, 0.0, 16.0).informationRows(),
        1e-12);
    assertEquals(0.0,
        new SegmentUplift.Stats("hardship", "M1", 20, 0, 0.0, 0.0, 16.0).informationRows(),
        1e-12);
  }

  @Test
  void aSegmentWithOneArmOnlyOrNoRiskKeepsItsParentsResponsiveness() {
    List<SegmentUplift.Coefficient> c = SegmentUplift.coefficients(List.of(
        new SegmentUplift.Stats("other", "M1", 5, 0, 5.0, 0.0, 2.0),
        new SegmentUplift.Stats("unwilling", "M1", 5, 5, 5.0, 0.0, 0.1)), PARAMS);
    assertEquals(0.1, find(c, "other", "M1").responsiveness(), 1e-12);
    assertEquals(0.3, find(c, "unwilling", "M1").responsiveness(), 1e-12);
  }

  @Test
  void statsSumOutcomeSharesOfExposureByArmAndSegment(SparkSession spark) {
    Dataset<Row> training = spark.createDataFrame(List.of(
            RowFactory.create("hardship", "M1", 0.5, true, 150.0, bd("200"), bd("100")),
            RowFactory.create("hardship", "M1", 0.7, true, 0.0, bd("200"), bd("100")),
            RowFactory.create("hardship", "M1", 0.9, false, 30.0, bd("200"), bd("100")),
            RowFactory.create("other", "M2", 0.1, false, 40.0, bd("300"), bd("100"))),
        StructType.fromDDL("uplift_evidence string, bucket string, uplift_risk double,"
            + " treated boolean, outcome double, overdue_amount decimal(18,2),"
            + " installment_amount decimal(18,2)"));
    Dataset<Row> expected = spark.createDataFrame(List.of(
            RowFactory.create("hardship", "M1", 2L, 1L, 0.5, 0.1, 2.1),
            RowFactory.create("other", "M2", 0L, 1L, 0.0, 0.1, 0.1)),
        StructType.fromDDL("uplift_evidence string, bucket string, visited bigint,"
            + " control bigint, visited_share double not null, control_share double not null,"
            + " risk double not null"));
    DataFrameAssertions.assertApproximatelyEqual(expected,
        SegmentUplift.stats(training, 0).orderBy(SegmentUplift.EVIDENCE), 1e-12);
  }

  @Test
  void evidenceIsNeverPaidThenOverstretchedThenTheSituationWithTwoOfThemSplit(
      SparkSession spark) {
    Dataset<Row> rows = spark.createDataFrame(List.of(
            RowFactory.create("never", null, bd("100"), bd("1000"), "unwilling", 0, null, 0, null),
            RowFactory.create("stretched", 20, bd("600"), bd("1000"), "hardship", 0, null, 0,
                null),
            RowFactory.create("at-limit", 20, bd("500"), bd("1000"), "hardship", 0, null, 0, null),
            RowFactory.create("no-income", 20, bd("600"), null, "unreachable", 0, null, 1, null),
            RowFactory.create("no-answer", 20, bd("100"), bd("1000"), "unreachable", 0, null, 0,
                null),
            RowFactory.create("no-address", 20, bd("100"), bd("1000"), "unreachable", 0, null, 2,
                "address_invalid"),
            RowFactory.create("refused", 20, bd("100"), bd("1000"), "unwilling", 1, null, 0, null),
            RowFactory.create("refused-visit", 20, bd("100"), bd("1000"), "unwilling", null,
                "refuses", 0, null),
            RowFactory.create("promised", 20, bd("100"), bd("1000"), "unwilling", 0, "willing", 0,
                "met")),
        StructType.fromDDL("loan_id string, days_since_last_payment int,"
            + " installment_amount decimal(18,2), monthly_income decimal(18,2),"
            + " situation string, refusals_90d int, last_visit_willingness string,"
            + " invalid_number_90d int, last_visit_outcome string"));
    assertEquals("[[at-limit,hardship], [never,never_paid], [no-address,not_reached],"
            + " [no-answer,not_reached], [no-income,unreachable], [promised,promises_broken],"
            + " [refused,unwilling], [refused-visit,unwilling], [stretched,overstretched]]",
        rows.withColumn(SegmentUplift.EVIDENCE, SegmentUplift.evidence(0.5))
            .select("loan_id", SegmentUplift.EVIDENCE).orderBy("loan_id").collectAsList()
            .toString());
  }

  @Test
  void riskIsTheProbabilityOfArrearsOrTheComplementOfCuring(SparkSession spark) {
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("A", 0.8),
        RowFactory.create("B", null)), StructType.fromDDL("loan_id string, probability double"));
    assertEquals("[[A,0.8,0.19999999999999996], [B,0.0,1.0]]", rows
        .withColumn("late", SegmentUplift.risk("label_long_overdue_60d"))
        .withColumn("cure", SegmentUplift.risk("label_cure_30d"))
        .select("loan_id", "late", "cure").orderBy("loan_id").collectAsList().toString());
  }

  /**
   * Exposure 300 (overdue 200 plus an instalment of 100): without a visit 300 x no-visit share;
   * the visit adds 300 x risk x responsiveness.
   */
  @Test
  void predictionsScaleTheSegmentsSharesByExposureAndRisk(SparkSession spark) {
    Dataset<Row> rows = spark.createDataFrame(List.of(
            RowFactory.create("A", "hardship", "M2", 0.5, bd("200"), bd("100")),
            RowFactory.create("B", "never_paid", "M4+", 1.0, bd("200"), bd("100")),
            RowFactory.create("C", "unknown", "M1", 1.0, bd("200"), bd("100"))),
        StructType.fromDDL("loan_id string, uplift_evidence string, bucket string,"
            + " uplift_risk double, overdue_amount decimal(18,2),"
            + " installment_amount decimal(18,2)"));
    Dataset<Row> expected = spark.createDataFrame(List.of(
            RowFactory.create("A", 75.0, 45.0, 120.0, "prior"),
            RowFactory.create("B", 15.0, 0.0, 15.0, "prior"),
            RowFactory.create("C", 0.0, 0.0, 0.0, "prior")),
        StructType.fromDDL("loan_id string, expected_recovery_no_visit double not null,"
            + " uplift double, expected_recovery_visit double, uplift_source string not null"));
    DataFrameAssertions.assertApproximatelyEqual(expected, SegmentUplift.priors(PARAMS)
        .predict(rows, Uplift.SOURCE_PRIOR).select(col("loan_id"), col(Uplift.NO_VISIT),
            col(Uplift.UPLIFT), col(Uplift.VISIT), col(Uplift.SOURCE)), 1e-9);
  }

  /**
   * Capped at 2 months of income: A's exposure of 300 becomes 2 x 100 = 200; B (income 1000)
   * keeps 300; C (no income) keeps 300. Hardship M2: no-visit share 0.25, responsiveness 0.3.
   */
  @Test
  void theExposureIsCappedAtTheConfiguredMonthsOfIncome(SparkSession spark) {
    SegmentUplift.Params capped = new SegmentUplift.Params(PARAMS.priorRows(),
        PARAMS.maxDebtService(), 2, PARAMS.noVisitPrior(), PARAMS.responsivenessPrior());
    Dataset<Row> rows = spark.createDataFrame(List.of(
            RowFactory.create("A", "hardship", "M2", 1.0, bd("200"), bd("100"), bd("100")),
            RowFactory.create("B", "hardship", "M2", 1.0, bd("200"), bd("100"), bd("1000")),
            RowFactory.create("C", "hardship", "M2", 1.0, bd("200"), bd("100"), null)),
        StructType.fromDDL("loan_id string, uplift_evidence string, bucket string,"
            + " uplift_risk double, overdue_amount decimal(18,2),"
            + " installment_amount decimal(18,2), monthly_income decimal(18,2)"));
    assertEquals("[[A,50.0,60.0], [B,75.0,90.0], [C,75.0,90.0]]", SegmentUplift.priors(capped)
        .predict(rows, Uplift.SOURCE_PRIOR).select(col("loan_id"), col(Uplift.NO_VISIT),
            col(Uplift.UPLIFT)).orderBy("loan_id").collectAsList().toString());
    Dataset<Row> training = rows.withColumn(Uplift.TREATED, col("loan_id").notEqual("C"))
        .withColumn(Uplift.OUTCOME, lit(60.0));
    Row stats = SegmentUplift.stats(training, 2).first();
    assertEquals(60.0 / 200 + 60.0 / 300, stats.getDouble(4), 1e-12);
    assertEquals(60.0 / 300, stats.getDouble(5), 1e-12);
  }

  private static SegmentUplift.Coefficient find(List<SegmentUplift.Coefficient> all,
      String evidence, String bucket) {
    return all.stream().filter(c -> c.evidence().equals(evidence) && c.bucket().equals(bucket))
        .findFirst().orElseThrow();
  }

  private static void assertCoefficient(List<SegmentUplift.Coefficient> all, String evidence,
      String bucket, double noVisitShare, double responsiveness) {
    SegmentUplift.Coefficient c = find(all, evidence, bucket);
    assertEquals(noVisitShare, c.noVisitShare(), 1e-12, evidence + " " + bucket + " no-visit");
    assertEquals(responsiveness, c.responsiveness(), 1e-12, evidence + " " + bucket + " uplift");
  }

  private static BigDecimal bd(String value) {
    return new BigDecimal(value);
  }
}
