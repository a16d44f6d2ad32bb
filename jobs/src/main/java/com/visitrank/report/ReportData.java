package com.visitrank.report;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything the committee report shows, already reduced to small lists by the evaluate job.
 * Numbers that could not be computed are null; a section whose input does not exist carries a
 * note instead.
 *
 * @param asOf the evaluation date
 * @param runId the run that wrote it
 * @param minGroupSize the "too few to say" threshold
 * @param prePeriodDays days before the plan of the CUPED covariate
 * @param outcomes per plan date, horizon and arm
 * @param effects every effect row
 * @param teams cost-effectiveness by team
 * @param qini the Qini curve, or null
 * @param qiniNote why there is no Qini curve (when {@code qini} is null)
 * @param findings what visits found
 * @param traits traits by overdue reason
 * @param monitoring model monitoring, or null
 * @param monitoringNote why there is no monitoring (when {@code monitoring} is null)
 */
public record ReportData(LocalDate asOf, String runId, int minGroupSize, int prePeriodDays,
    List<Outcome> outcomes,
    List<Effect> effects, List<Team> teams, Qini qini, String qiniNote, List<Finding> findings,
    List<Trait> traits, Monitoring monitoring, String monitoringNote) {

  /** A row of {@code evaluation/outcomes}. */
  public record Outcome(LocalDate planDate, int horizon, String arm, String status, long loans,
      Double cureRate, Double rollRate, Double recoveredMean, Long promisesMade,
      Long promisesKept, Double keptShare, Long visits, Double cost) {}

  /** A row of {@code evaluation/effects}. */
  public record Effect(int horizon, String metric, String dimension, String group, long nTreated,
      long nControl, Double meanTreated, Double meanControl, boolean tooFew, Double itt,
      Double low, Double high, Double pValue, Double cuped, Double cupedLow, Double cupedHigh,
      Double cupedP, Double varianceReduction, Double wald, Double waldLow, Double waldHigh) {}

  /** A row of {@code evaluation/cost_effectiveness}. */
  public record Team(int horizon, String team, long nTreated, long nControl, boolean tooFew,
      Double visitsPerTreated, Double costPerTreated, Double incrementalPerTreated,
      Double incrementalTotal, Double perVisit, Double perCost) {}

  /** The Qini curve with its area and bootstrap interval. */
  public record Qini(int horizon, double[] share, double[] qini, double[] random, double area,
      double low, double high, long loans) {}

  /** A row of {@code evaluation/findings}. */
  public record Finding(String finding, String value, String segmentDimension,
      String segmentValue, long met, double share, long verificationFailed, Double cureRate,
      Double recoveredMean, boolean tooFew) {}

  /** A row of {@code evaluation/traits}. */
  public record Trait(String reason, long borrowers, double meanDpd, double shareLong,
      double meanPrePaid, String topProduct, double topProductShare, String topSegment,
      double topSegmentShare, double unableShare, double unwillingShare,
      double verificationFailedShare) {}

  /**
   * Model monitoring.
   *
   * @param rows scored rows with a realised label
   * @param psi PSI per measured item ({@code score} or a feature), empty without a reference
   * @param psiNote why PSI is missing, or null
   */
  public record Monitoring(String modelVersion, long rows, Double auc, Double ks,
      List<Calibration> calibration, List<Psi> psi, String psiNote) {}

  /** A calibration decile. */
  public record Calibration(int decile, long rows, double predicted, double observed) {}

  /** PSI of one item with its flag ({@code ok}, {@code watch}, {@code alert}). */
  public record Psi(String item, double value, String flag) {}
}
