package com.visitrank.config;

import com.visitrank.evaluation.EvaluationTables;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of the {@code evaluate} job.
 *
 * @param minGroupSize rows per arm below which a group says "too few to say"
 * @param prePeriodDays days before the plan date whose payments are the CUPED covariate
 * @param qiniBins slices of the ranking in the Qini curve
 * @param qiniHorizonDays follow-up window of the Qini curve's outcome (30, 60 or 90)
 * @param bootstrapReplicates replicates of the Qini area's bootstrap
 * @param seed seed of the bootstrap weights
 * @param modelName registry name whose validation rows are the PSI reference
 * @param labelDays horizon of the realised model label
 * @param labelDpd DPD above which a loan counts as long overdue in that label
 * @param psiFeatures numeric features of {@code features/loans} whose drift is measured
 */
public record EvaluateSettings(int minGroupSize, int prePeriodDays, int qiniBins,
    int qiniHorizonDays, int bootstrapReplicates, long seed, String modelName, int labelDays,
    int labelDpd, List<String> psiFeatures) {

  public static EvaluateSettings read(ConfigReader r) {
    int qiniHorizon = r.integer("evaluate.qini.horizon-days", 1, 3650);
    if (!EvaluationTables.HORIZONS.contains(qiniHorizon)) {
      throw new ConfigError("evaluate.qini.horizon-days", r.origin("evaluate.qini.horizon-days"),
          "must be one of " + EvaluationTables.HORIZONS + ", got " + qiniHorizon);
    }
    String features = r.string("evaluate.monitoring.psi-features");
    List<String> psi = features.isBlank() ? List.of()
        : Arrays.stream(features.split(",")).map(String::trim).toList();
    for (String name : psi) {
      if (!name.matches("[a-z0-9_]+")) {
        throw new ConfigError("evaluate.monitoring.psi-features",
            r.origin("evaluate.monitoring.psi-features"),
            "must be a comma-separated list of feature column names, got '" + name + "'");
      }
    }
    return new EvaluateSettings(
        r.integer("evaluate.min-group-size", 2, 1_000_000),
        r.integer("evaluate.pre-period-days", 1, 3650),
        r.integer("evaluate.qini.bins", 2, 100),
        qiniHorizon,
        r.integer("evaluate.qini.bootstrap-replicates", 10, 5000),
        r.wholeNumber("evaluate.seed", Long.MIN_VALUE, Long.MAX_VALUE),
        r.nonEmptyString("evaluate.monitoring.model-name"),
        r.integer("evaluate.monitoring.label-days", 1, 3650),
        r.integer("evaluate.monitoring.label-dpd", 0, 3650),
        psi);
  }
}
