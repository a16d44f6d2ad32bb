package com.visitrank.config;

/**
 * Settings of the {@code bench} commands.
 *
 * @param loans loans of the generated world of {@code bench model-truth}; 0 = the samples
 * @param uciLabel label column of the UCI snapshot
 * @param uciTestShare share of UCI clients held out (hash of loan_id and seed)
 * @param seed seed of the held-out split
 */
public record BenchSettings(int loans, String uciLabel, double uciTestShare, long seed) {

  public static BenchSettings read(ConfigReader r) {
    return new BenchSettings(r.integer("bench.loans", 0, 50_000_000),
        r.nonEmptyString("bench.uci-label"),
        r.number("bench.uci-test-share", 0.05, 0.95),
        r.wholeNumber("bench.seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }
}
