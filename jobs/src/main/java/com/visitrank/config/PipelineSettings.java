package com.visitrank.config;

import java.util.List;

/**
 * Settings of the {@code pipeline} command.
 *
 * @param train when the pipeline trains: {@code auto} (no champion yet, or the champion was
 *     trained {@code retrainMonths} or more months before the as-of date), {@code always} or
 *     {@code never}
 * @param retrainMonths age of the champion (in months) at which {@code auto} trains again
 * @param cycles simulated months after the first run (generated data only)
 * @param refreshMonths month ends before the as-of date whose features (and labels, now that
 *     more of their horizon is known) each run recomputes
 * @param until the last job to run for each date: ingest, features, train, target or evaluate
 */
public record PipelineSettings(String train, int retrainMonths, int cycles, int refreshMonths,
    String until) {

  public static final List<String> TRAIN_POLICIES = List.of("auto", "always", "never");

  /** The jobs of one date, in order. */
  public static final List<String> JOBS = List.of("ingest", "features", "train", "target",
      "evaluate");

  public static PipelineSettings read(ConfigReader r) {
    PipelineSettings settings = new PipelineSettings(r.oneOf("pipeline.train", TRAIN_POLICIES),
        r.integer("pipeline.retrain-months", 1, 120), r.integer("pipeline.cycles", 0, 60),
        r.integer("pipeline.refresh-months", 0, 24), r.oneOf("pipeline.until", JOBS));
    if (settings.cycles() > 0 && !settings.runs("target")) {
      throw new ConfigError("pipeline.until", r.origin("pipeline.until"), "must be target or"
          + " evaluate when simulating months (a cycle simulates the visits of a plan)");
    }
    return settings;
  }

  /** Whether {@code job} is among the jobs each date runs. */
  public boolean runs(String job) {
    return JOBS.indexOf(job) <= JOBS.indexOf(until);
  }

  /** The same settings with {@code cycles} simulated months. */
  public PipelineSettings withCycles(int cycles) {
    return new PipelineSettings(train, retrainMonths, cycles, refreshMonths, until);
  }
}
