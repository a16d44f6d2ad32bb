package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.features.FeatureCatalog;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class FeaturesJobTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));

  @TempDir
  Path dir;

  @Test
  void monthEndsBeforeTheAsOfDateComeOldestFirst() {
    assertEquals(List.of(LocalDate.of(2025, 10, 31), LocalDate.of(2025, 11, 30),
            LocalDate.of(2025, 12, 15)),
        FeaturesJob.dates(LocalDate.of(2025, 12, 15), 2));
  }

  @Test
  void manyDatesInOneRunAndARerunReplacesOnlyItsDate(SparkSession spark) {
    String wh = "visitrank.warehouse=" + dir;
    assertEquals(0, Cli.run("pipeline", "--set", wh, "--set", "visitrank.samples="
        + ROOT.resolve("data-samples"), "--set", "pipeline.until=features").code());
    assertEquals(0, Cli.run("features", "--set", wh, "--set", "visitrank.as-of=2025-11-30",
        "--set", "features.history-months=2").code());
    Dataset<Row> table = spark.read().parquet(dir.resolve("features/loans").toString());
    Set<String> dates = new TreeSet<>();
    for (Row row : table.select("as_of_date").distinct().collectAsList()) {
      dates.add(row.getDate(0).toString());
    }
    assertEquals(Set.of("2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31"), dates);
    long before = table.count();
    assertEquals(0, Cli.run("features", "--set", wh, "--set", "visitrank.as-of=2025-12-31")
        .code());
    Dataset<Row> again = spark.read().parquet(dir.resolve("features/loans").toString());
    assertEquals(before, again.count());
    List<String> expected = new java.util.ArrayList<>(FeatureCatalog.ALL.stream()
        .map(d -> d.name()).filter(name -> !name.equals("as_of_date")).toList());
    expected.add("as_of_date");
    assertEquals(expected, List.of(again.columns()), "partitioned reads put as_of_date last");
    assertTrue(again.filter(col("as_of_date").equalTo(Date.valueOf("2025-12-31"))
        .and(col("label_long_overdue_60d").isNotNull())).isEmpty(),
        "labels of the as-of date itself are unknown");
  }

  @Test
  void theReadmeListsTheFeatureCatalog() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(readme.contains(FeatureCatalog.markdown()),
        "README's feature list is out of date; replace it with FeatureCatalog.markdown():\n"
            + FeatureCatalog.markdown());
  }
}
