package com.visitrank.config;

import java.nio.file.Path;

/**
 * Settings shared by the {@code bench} commands.
 *
 * @param loans loans of the generated world; 0 = the benchmark's own default
 * @param seed seed of the generated world
 * @param months months of generated history
 * @param dir where the benchmark's world and outputs live
 * @param reuse whether a world generated and ingested earlier with the same size, seed and months
 *     is reused instead of generated again
 * @param seeds worlds (seeds {@code seed}, {@code seed + 1}, ...) of benchmarks that repeat
 * @param twelveDates whether {@code bench features} also times 12 month ends
 * @param warmRuns runs of {@code bench features}' one-date job (after its cold run), floor and
 *     DuckDB, the fastest of which each ratio uses
 */
public record BenchSettings(int loans, long seed, int months, String dir, boolean reuse,
    int seeds, boolean twelveDates, int warmRuns) {

  public static BenchSettings read(ConfigReader r) {
    String dir = r.string("bench.dir");
    return new BenchSettings(
        r.integer("bench.loans", 0, 50_000_000),
        r.wholeNumber("bench.seed", Long.MIN_VALUE, Long.MAX_VALUE),
        r.integer("bench.months", 4, 240),
        dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "visitrank-bench")
            .toString() : dir,
        r.bool("bench.reuse"),
        r.integer("bench.seeds", 1, 1000),
        r.bool("bench.twelve-dates"),
        r.integer("bench.warm-runs", 1, 20));
  }

  /** The loans to generate: {@link #loans} unless 0, else {@code benchmarkDefault}. */
  public int loansOr(int benchmarkDefault) {
    return loans == 0 ? benchmarkDefault : loans;
  }
}
