package com.visitrank.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import com.visitrank.testing.Cli;
import com.visitrank.testing.Cli.Run;
import com.visitrank.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end, in process, on the shared session. */
@ExtendWith(SparkSessionExtension.class)
class MainTest {

  @TempDir
  Path dir;

  private static Run run(String... args) {
    return Cli.run(args);
  }

  private String[] generate(Path warehouse, String... extra) {
    return Stream.concat(Stream.of("generate", "--set", "visitrank.warehouse=" + warehouse,
            "--set", "generate.loans=300", "--set", "generate.months=8",
            "--set", "generate.back-book-months=6", "--set", "generate.past-visit-cycles=1"),
        Stream.of(extra)).toArray(String[]::new);
  }

  @Test
  void helpIsAvailableAtEveryLevel(SparkSession spark) {
    Run top = run("--help");
    assertEquals(0, top.code());
    assertTrue(top.out().contains("generate") && top.out().contains("pipeline"), top.out());
    Run job = run("generate", "--help");
    assertEquals(0, job.code());
    assertTrue(job.out().contains("--set") && job.out().contains("--conf"), job.out());
  }

  /**
   * Picocli formats every description line with {@code String.format}; a bare {@code %} (as in
   * "95%") fails it, and picocli then prints a warning above the help and the raw text.
   */
  @Test
  void everyHelpTextIsAValidFormatString() {
    List<String> broken = new ArrayList<>();
    collectBrokenDescriptions(new CommandLine(new Main()), broken);
    assertEquals(List.of(), broken);
  }

  private static void collectBrokenDescriptions(CommandLine command, List<String> broken) {
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    List<String> lines = new ArrayList<>(List.of(usage.description()));
    lines.addAll(List.of(usage.footer()));
    for (String line : lines) {
      try {
        String.format(line);
      } catch (java.util.IllegalFormatException e) {
        broken.add(command.getCommandName() + ": " + line);
      }
    }
    command.getSubcommands().values().forEach(sub -> collectBrokenDescriptions(sub, broken));
  }

  @Test
  void usageErrorsExitWithTwoAndOneLine(SparkSession spark) {
    Run unknownJob = run("frobnicate");
    assertEquals(2, unknownJob.code());
    Run unknownKey = run("generate", "--set", "generate.loanz=5");
    assertEquals(2, unknownKey.code());
    assertEquals(1, unknownKey.err().strip().lines().count(), unknownKey.err());
    assertTrue(unknownKey.err().contains("generate.loanz"), unknownKey.err());
    Run badValue = run("generate", "--set", "generate.loans=many");
    assertEquals(2, badValue.code());
    assertTrue(badValue.err().contains("generate.loans"), badValue.err());
    Run badBench = run("bench", "targeting", "--set", "bench.loanz=5");
    assertEquals(2, badBench.code());
    assertTrue(badBench.err().startsWith("visitrank bench targeting: "), badBench.err());
    Run ignoredSeed = run("bench", "targeting", "--set", "bench.seed=11");
    assertEquals(2, ignoredSeed.code());
    assertTrue(ignoredSeed.err().contains("--set generate.seed=N"), ignoredSeed.err());
    Run badScorer = run("bench", "targeting", "--set", "bench.scorer=oracle");
    assertEquals(2, badScorer.code());
    assertTrue(badScorer.err().contains("bench.scorer"), badScorer.err());
    assertTrue(badScorer.err().contains("logistic, champion, truth"), badScorer.err());
  }

  @Test
  void generateWritesEveryTableWithMarkersAndAManifest(SparkSession spark) throws IOException {
    Path warehouse = dir.resolve("wh");
    Run first = run(generate(warehouse));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("active loans overdue"), first.out());
    for (String table : RawTables.ALL) {
      assertTrue(Files.exists(warehouse.resolve("raw").resolve(table)
          .resolve(Warehouse.MARKER)), table);
    }
    assertTrue(Files.exists(warehouse.resolve("truth/loan_outlook/" + Warehouse.MARKER)));
    try (Stream<Path> runs = Files.list(warehouse.resolve("runs"))) {
      List<Path> manifests = runs.toList();
      assertEquals(1, manifests.size());
      JsonNode manifest = new ObjectMapper().readTree(manifests.get(0).toFile());
      assertEquals("succeeded", manifest.get("status").asText());
      assertEquals("generate", manifest.get("job").asText());
      assertEquals(300, manifest.at("/config/generate/loans").asInt());
      assertEquals(300, findOutput(manifest, "raw/loans").get("rows").asInt());
      assertTrue(manifest.at("/metrics/overdue_share").asDouble() > 0);
    }
  }

  @Test
  void theSameSeedTwiceGivesIdenticalTablesAndAnotherSeedDoesNot(SparkSession spark) {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    assertEquals(0, run(generate(a)).code());
    assertEquals(0, run(generate(b)).code());
    assertEquals(0, run(generate(c, "--set", "generate.seed=43")).code());
    for (String table : List.of("raw/" + RawTables.LOANS, "raw/" + RawTables.PAYMENTS,
        "raw/" + RawTables.CONTACTS, "raw/" + RawTables.VISITS,
        "raw/" + RawTables.CUSTOMER_CONTACTS, "truth/" + TruthTables.LOAN_OUTLOOK)) {
      Dataset<Row> left = spark.read().parquet(a.resolve(table).toString());
      Dataset<Row> right = spark.read().parquet(b.resolve(table).toString());
      assertTrue(left.count() > 0, table);
      assertEquals(0, left.exceptAll(right).count(), table);
      assertEquals(0, right.exceptAll(left).count(), table);
    }
    Dataset<Row> other = spark.read().parquet(c.resolve("raw/payments").toString());
    Dataset<Row> first = spark.read().parquet(a.resolve("raw/payments").toString());
    assertTrue(first.exceptAll(other).count() > 0);
  }

  @Test
  void pipelineStagesTheSamplesIntoAFreshWarehouse(SparkSession spark) {
    Path samples = dir.resolve("samples");
    assertEquals(0, run(generate(samples)).code());
    Path warehouse = dir.resolve("fresh");
    Run pipeline = run("pipeline", "--set", "visitrank.warehouse=" + warehouse,
        "--set", "visitrank.samples=" + samples, "--set", "pipeline.until=features");
    assertEquals(0, pipeline.code(), pipeline.err());
    assertTrue(pipeline.out().contains("raw/loans"), pipeline.out());
    assertEquals(300, spark.read().parquet(warehouse.resolve("raw/loans").toString())
        .filter(col("loan_id").isNotNull()).count());
    assertTrue(Files.exists(warehouse.resolve("truth/scenario.conf")), "simulate can go on");
    assertTrue(Files.exists(warehouse.resolve("truth/loan_outlook/" + Warehouse.MARKER)));
  }

  @Test
  void aMissingInputExitsWithThreeAndNamesThePlace(SparkSession spark) {
    Run pipeline = run("pipeline", "--set", "visitrank.warehouse=" + dir.resolve("empty"),
        "--set", "visitrank.samples=" + dir.resolve("no-samples"));
    assertEquals(3, pipeline.code(), pipeline.err());
    assertTrue(pipeline.err().contains("no-samples"), pipeline.err());
    assertEquals(1, pipeline.err().strip().lines().count(), pipeline.err());
  }

  private static JsonNode findOutput(JsonNode manifest, String table) {
    for (JsonNode output : manifest.get("outputs")) {
      if (output.get("table").asText().equals(table)) {
        return output;
      }
    }
    throw new AssertionError("no output " + table + " in manifest");
  }
}
