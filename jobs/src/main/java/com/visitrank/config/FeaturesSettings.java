package com.visitrank.config;

import com.visitrank.features.LoanFeatures;

/**
 * Settings of the {@code features} job.
 *
 * @param historyMonths month ends before the as-of date computed in the same run
 * @param horizons label horizons and thresholds
 */
public record FeaturesSettings(int historyMonths, LoanFeatures.Horizons horizons) {

  public static FeaturesSettings read(ConfigReader r) {
    return new FeaturesSettings(r.integer("features.history-months", 0, 240),
        new LoanFeatures.Horizons(
            r.integer("features.labels.long-overdue-days", 1, 3650),
            r.integer("features.labels.long-overdue-dpd", 0, 3650),
            r.integer("features.labels.cure-days", 1, 3650),
            r.integer("features.labels.paid-days", 1, 3650)));
  }
}
