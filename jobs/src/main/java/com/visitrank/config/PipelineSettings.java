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
 */
public record PipelineSettings(String train, int retrainMonths, int cycles, int refreshMonths) {

  public static final List<String> TRAIN_POLICIES = List.of("auto", "always", "never");

  public static PipelineSettings read(ConfigReader r) {
    return new PipelineSettings(r.oneOf("pipeline.train", TRAIN_POLICIES),
        r.integer("pipeline.retrain-months", 1, 120), r.integer("pipeline.cycles", 0, 60),
        r.integer("pipeline.refresh-months", 0, 24));
  }

  /** The same settings with {@code cycles} simulated months. */
  public PipelineSettings withCycles(int cycles) {
    return new PipelineSettings(train, retrainMonths, cycles, refreshMonths);
  }
}
