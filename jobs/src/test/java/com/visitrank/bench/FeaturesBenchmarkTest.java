package com.visitrank.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesBenchmarkTest {

  @TempDir
  Path dir;

  /**
   * {@code bench features} on a tiny world: every phase is timed (the warm ones twice, the
   * fastest run reported), the ratios are printed, and DuckDB's core columns equal the features
   * job's on every past-due and current loan.
   */
  @Test
  void aTinyWorldIsTimedAndDuckDbComputesTheSameCoreColumns() {
    Cli.Run run = Cli.run("bench", "features", "--set", "bench.dir=" + dir,
        "--set", "bench.loans=300", "--set", "bench.months=6",
        "--set", "bench.twelve-dates=false");
    assertEquals(0, run.code(), run.err());
    for (String phase : List.of("generate", "ingest", "features_1_date_cold", "features_1_date",
        "floor", "duckdb")) {
      assertTrue(Pattern.compile("features/" + phase + "_seconds = \\d+\\.\\d\n")
          .matcher(run.out()).find(), phase + ":\n" + run.out());
      assertTrue(run.out().contains("features/" + phase + "_peak_rss_mb = "), phase);
    }
    for (String phase : List.of("features_1_date", "floor", "duckdb")) {
      Matcher runs = Pattern.compile("features/" + phase + "_runs_seconds = (\\d+\\.\\d), "
          + "(\\d+\\.\\d)\n").matcher(run.out());
      assertTrue(runs.find(), phase + " runs bench.warm-runs (2) times:\n" + run.out());
      Matcher fastest = Pattern.compile("features/" + phase + "_seconds = (\\d+\\.\\d)\n")
          .matcher(run.out());
      assertTrue(fastest.find(), run.out());
      assertEquals(Math.min(Double.parseDouble(runs.group(1)), Double.parseDouble(runs.group(2))),
          Double.parseDouble(fastest.group(1)), phase + " reports its fastest run");
    }
    assertFalse(run.out().contains("features_1_date_cold_runs"), "the cold run is one run");
    for (String ratio : List.of("floor", "duckdb")) {
      assertTrue(Pattern.compile("features/" + ratio + " = \\d+\\.\\d\\d\n").matcher(run.out())
          .find(), ratio + ":\n" + run.out());
    }
    Matcher rows = Pattern.compile("features/duckdb_rows = (\\d+)\n").matcher(run.out());
    assertTrue(rows.find(), run.out());
    assertTrue(Long.parseLong(rows.group(1)) > 100, rows.group());
    assertTrue(run.out().contains("features/duckdb_mismatched_rows = 0\n"), run.out());
    assertFalse(run.out().contains("12_dates"), "bench.twelve-dates=false skips them");
  }
}
