package com.visitrank.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.bench.ScaleBenchmark.Measure;
import com.visitrank.bench.ScaleBenchmark.SizeResult;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench scale}: the growth figures, and a run on two tiny worlds. */
@ExtendWith(SparkSessionExtension.class)
class ScaleBenchmarkTest {

  @TempDir
  Path dir;

  private static SizeResult size(int loans, double ingest, double features) {
    Map<String, Measure> jobs = new LinkedHashMap<>();
    jobs.put("ingest", new Measure(ingest, loans * 10L, 900));
    jobs.put("features", new Measure(features, loans, 1200));
    return new SizeResult(loans, jobs);
  }

  @Test
  void growthComparesEachJobsTimeWithTheGrowthInLoans() {
    List<String> lines = ScaleBenchmark.growth(List.of(size(1_000, 2.0, 4.0),
        size(10_000, 10.0, 60.0), size(30_000, 30.0, 150.0)));
    assertEquals(List.of(
        "scale/size_growth_1000_10000 = 10.00",
        "scale/ingest/growth_1000_10000 = 5.00",
        "scale/ingest/linearity_1000_10000 = 0.50",
        "scale/features/growth_1000_10000 = 15.00",
        "scale/features/linearity_1000_10000 = 1.50",
        "scale/size_growth_10000_30000 = 3.00",
        "scale/ingest/growth_10000_30000 = 3.00",
        "scale/ingest/linearity_10000_30000 = 1.00",
        "scale/features/growth_10000_30000 = 2.50",
        "scale/features/linearity_10000_30000 = 0.83"), lines);
  }

  @Test
  void growthSkipsJobsMissingAtEitherSize() {
    SizeResult small = size(100, 1.0, 1.0);
    SizeResult large = new SizeResult(200, Map.of("ingest", new Measure(3.0, 2_000, 900)));
    assertEquals(List.of("scale/size_growth_100_200 = 2.00",
        "scale/ingest/growth_100_200 = 3.00", "scale/ingest/linearity_100_200 = 1.50"),
        ScaleBenchmark.growth(List.of(small, large)));
  }

  @Test
  void tinyWorldsReportEveryJobPerSizeAndReuseWhatWasGenerated() {
    Cli.Run run = Cli.run("bench", "scale", "--set", "bench.dir=" + dir,
        "--set", "visitrank.warehouse=" + dir.resolve("warehouse"),
        "--set", "bench.sizes=200", "--set", "bench.months=6",
        "--set", "pipeline.until=features");
    assertEquals(0, run.code(), run.err());
    for (String job : List.of("generate", "ingest", "features", "pipeline")) {
      Matcher rows = Pattern.compile("scale/200/" + job + "_rows = (\\d+)").matcher(run.out());
      assertTrue(rows.find(), job + ":\n" + run.out());
      assertTrue(Long.parseLong(rows.group(1)) > 0, rows.group());
    }
    assertFalse(run.out().contains("scale/200/train_"), "until=features stops before train");

    Cli.Run again = Cli.run("bench", "scale", "--set", "bench.dir=" + dir,
        "--set", "visitrank.warehouse=" + dir.resolve("warehouse"),
        "--set", "bench.sizes=200,300", "--set", "bench.months=6",
        "--set", "pipeline.until=ingest");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("reusing the generated world (loans=200 seed=7 months=6"
        + " past-visit-cycles=2)"),
        again.out());
    assertFalse(again.out().contains("scale/200/generate_"), again.out());
    assertTrue(again.out().contains("scale/300/generate_seconds = "), again.out());
    assertTrue(again.out().contains("scale/size_growth_200_300 = 1.50"), again.out());
    assertTrue(again.out().contains("scale/ingest/linearity_200_300 = "), again.out());
    assertFalse(again.out().contains("scale/200/features_"), again.out());
  }
}
