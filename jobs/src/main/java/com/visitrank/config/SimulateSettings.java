package com.visitrank.config;

import java.util.Optional;

/**
 * Settings of the {@code simulate} job.
 *
 * @param scenario the scenario file that made the world, if not {@code truth/scenario.conf} in
 *     the warehouse ({@code simulate.scenario})
 * @param withoutVisits extend the world by a month with no new visits, without reading a target
 *     table ({@code simulate.without-visits})
 * @param partitions Spark partitions to simulate with, 0 = about 25,000 loans each
 */
public record SimulateSettings(Optional<String> scenario, boolean withoutVisits, int partitions) {

  private static final String P = "simulate.";

  public static SimulateSettings read(ConfigReader r) {
    String scenario = r.string(P + "scenario");
    return new SimulateSettings(scenario.isBlank() ? Optional.empty() : Optional.of(scenario),
        r.bool(P + "without-visits"), r.integer(P + "partitions", 0, 100_000));
  }

  /** Partitions to use for a world of {@code loans} loans. */
  public int effectivePartitions(int loans) {
    return partitions > 0 ? partitions : Math.max(2, (loans + 24_999) / 25_000);
  }
}
