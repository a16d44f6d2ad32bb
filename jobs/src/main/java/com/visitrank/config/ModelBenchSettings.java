package com.visitrank.config;

/**
 * Settings of the model benchmarks ({@code bench model-uci}, {@code bench model-truth}) besides
 * the shared {@link BenchSettings}.
 *
 * @param uciLabel label column of the UCI snapshot
 * @param uciTestShare share of UCI clients held out (hash of loan_id and splitSeed)
 * @param splitSeed seed of the held-out split
 */
public record ModelBenchSettings(String uciLabel, double uciTestShare, long splitSeed) {

  public static ModelBenchSettings read(ConfigReader r) {
    return new ModelBenchSettings(r.nonEmptyString("bench.uci-label"),
        r.number("bench.uci-test-share", 0.05, 0.95),
        r.wholeNumber("bench.split-seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }
}
