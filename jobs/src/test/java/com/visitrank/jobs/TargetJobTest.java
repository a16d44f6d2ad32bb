package com.visitrank.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigLoader;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.testing.Cli;
import com.visitrank.testing.FormulaScorer;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class TargetJobTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));

  @TempDir
  Path dir;

  static TargetJob.Result target(SparkSession spark, Path warehouse, String... sets) {
    List<String> all = new ArrayList<>(List.of("visitrank.warehouse=" + warehouse,
        "visitrank.as-of=2025-12-31"));
    all.addAll(List.of(sets));
    Config config = ConfigLoader.load(List.of(), all, Map.of());
    ConfigReader reader = new ConfigReader(config);
    CommonSettings common = CommonSettings.read(reader);
    JobContext context = new JobContext(spark, config, common, "target",
        List.of("visitrank", "target"), System.out);
    return new TargetJob(context, TargetSettings.read(reader), FeaturesSettings.read(reader),
        LocalDate.of(2025, 12, 31), new FormulaScorer()).run();
  }

  @Test
  void plansTheSamplesUnderCapacity(SparkSession spark) {
    assertEquals(0, Cli.run("pipeline", "--set", "visitrank.warehouse=" + dir, "--set",
        "visitrank.samples=" + ROOT.resolve("data-samples")).code());
    TargetJob.Result result = target(spark, dir);
    System.out.println(result);
    Dataset<Row> targets = spark.read().parquet(dir.resolve("targets/visit_targets").toString());
    targets.orderBy("rank").show(20, false);
    assertTrue(result.planned() > 0);
  }
}
