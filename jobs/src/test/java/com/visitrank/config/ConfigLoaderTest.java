package com.visitrank.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private Path file(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, text);
    return path;
  }

  @Test
  void layersAreAppliedLowestFirst() throws IOException {
    Path base = file("base.conf", "generate.loans = 100\ngenerate.seed = 5\n");
    Path top = file("top.conf", "generate.loans = 200\n");
    Config config = ConfigLoader.load(List.of(base, top), List.of("generate.seed=9"),
        Map.of("VISITRANK_WAREHOUSE", "/tmp/wh"));
    assertEquals(200, config.getInt("generate.loans"));
    assertEquals(9, config.getLong("generate.seed"));
    assertEquals("/tmp/wh", config.getString("visitrank.warehouse"));
    assertEquals(24, config.getInt("generate.months"));
  }

  @Test
  void setBeatsEnvironmentAndEnvironmentBeatsFiles() throws IOException {
    Path conf = file("a.conf", "visitrank.as-of = \"2024-01-31\"\n");
    Config fromEnv = ConfigLoader.load(List.of(conf), List.of(),
        Map.of("VISITRANK_AS_OF", "2024-02-29"));
    assertEquals("2024-02-29", fromEnv.getString("visitrank.as-of"));
    Config fromSet = ConfigLoader.load(List.of(conf), List.of("visitrank.as-of=2024-03-31"),
        Map.of("VISITRANK_AS_OF", "2024-02-29"));
    assertEquals(LocalDate.of(2024, 3, 31),
        CommonSettings.read(new ConfigReader(fromSet)).asOf().orElseThrow());
  }

  @Test
  void anUnknownKeyNamesTheKeyTheFileAndTheKnownKeys() throws IOException {
    Path conf = file("typo.conf", "generate {\n  loanz = 5\n}\n");
    ConfigError error = assertThrows(ConfigError.class,
        () -> ConfigLoader.load(List.of(conf), List.of(), Map.of()));
    assertTrue(error.getMessage().contains("generate.loanz"), error.getMessage());
    assertTrue(error.getMessage().contains("typo.conf: 2"), error.getMessage());
    assertTrue(error.getMessage().contains("Did you mean generate.loans?"), error.getMessage());
  }

  @Test
  void aKeyFarFromAnyKnownOneListsTheKnownKeys() {
    ConfigError error = assertThrows(ConfigError.class,
        () -> ConfigLoader.load(List.of(), List.of("generate.colour=blue"), Map.of()));
    assertTrue(error.getMessage().contains("Known keys under generate:"), error.getMessage());
  }

  @Test
  void anUnknownKeyFromSetIsNamed() {
    ConfigError error = assertThrows(ConfigError.class,
        () -> ConfigLoader.load(List.of(), List.of("ingest.nope=1"), Map.of()));
    assertTrue(error.getMessage().contains("ingest.nope"), error.getMessage());
    assertTrue(error.getMessage().contains("--set ingest.nope=1"), error.getMessage());
  }

  @Test
  void sparkKeysAreFree() {
    Config config = ConfigLoader.load(List.of(), List.of("spark.executor.memory=2g"), Map.of());
    assertEquals("2g", SparkSettings.read(new ConfigReader(config)).properties()
        .get("spark.executor.memory"));
  }

  @Test
  void aMalformedValueNamesTheKeyItsOriginAndTheExpectedForm() throws IOException {
    Path conf = file("bad.conf", "generate.loans = abc\n");
    ConfigReader reader = new ConfigReader(ConfigLoader.load(List.of(conf), List.of(), Map.of()));
    ConfigError error = assertThrows(ConfigError.class, () -> GenerateSettings.read(reader));
    assertTrue(error.getMessage().contains("generate.loans"), error.getMessage());
    assertTrue(error.getMessage().contains("bad.conf: 1"), error.getMessage());
    assertTrue(error.getMessage().contains("whole number"), error.getMessage());
  }

  @Test
  void aBadDateNamesTheExpectedForm() {
    ConfigReader reader = new ConfigReader(ConfigLoader.load(List.of(),
        List.of("visitrank.as-of=2024-02-31"), Map.of()));
    ConfigError error = assertThrows(ConfigError.class, () -> CommonSettings.read(reader));
    assertTrue(error.getMessage().contains("visitrank.as-of"), error.getMessage());
    assertTrue(error.getMessage().contains("YYYY-MM-DD"), error.getMessage());
  }

  @Test
  void sharesThatDoNotAddUpAreRejected() {
    ConfigReader reader = new ConfigReader(ConfigLoader.load(List.of(),
        List.of("generate.types.fraud.share=0.5"), Map.of()));
    ConfigError error = assertThrows(ConfigError.class, () -> GenerateSettings.read(reader));
    assertTrue(error.getMessage().contains("shares must sum to 1"), error.getMessage());
  }

  @Test
  void theTreesFeatureSubsetIsANamedStrategyOrAFraction() {
    for (String value : List.of("all", "onethird", "sqrt", "log2", "0.5", ".25", "1.0")) {
      TrainSettings settings = TrainSettings.read(new ConfigReader(ConfigLoader.load(List.of(),
          List.of("train.gbt.feature-subset=" + value), Map.of())));
      assertEquals(value, settings.options().gbt().featureSubset());
    }
    for (String value : List.of("half", "0", "1.5", "3", "0.0")) {
      ConfigReader reader = new ConfigReader(ConfigLoader.load(List.of(),
          List.of("train.gbt.feature-subset=" + value), Map.of()));
      ConfigError error = assertThrows(ConfigError.class, () -> TrainSettings.read(reader));
      assertTrue(error.getMessage().contains("train.gbt.feature-subset"), error.getMessage());
      assertTrue(error.getMessage().contains("--set train.gbt.feature-subset=" + value),
          error.getMessage());
      assertTrue(error.getMessage().contains("onethird"), error.getMessage());
    }
  }

  @Test
  void theTreesAreSelectedUnlessTurnedOff() {
    assertTrue(TrainSettings.read(new ConfigReader(ConfigLoader.load(List.of(), List.of(),
        Map.of()))).options().gbt().selectTrees());
    assertFalse(TrainSettings.read(new ConfigReader(ConfigLoader.load(List.of(),
        List.of("train.gbt.select-trees=false"), Map.of()))).options().gbt().selectTrees());
    ConfigReader reader = new ConfigReader(ConfigLoader.load(List.of(),
        List.of("train.gbt.select-trees=sometimes"), Map.of()));
    ConfigError error = assertThrows(ConfigError.class, () -> TrainSettings.read(reader));
    assertTrue(error.getMessage().contains("train.gbt.select-trees"), error.getMessage());
  }

  @Test
  void theScorecardWeightIsChosenUnlessGiven() {
    assertEquals(OptionalDouble.empty(), scorecardWeight(null));
    assertEquals(OptionalDouble.empty(), scorecardWeight("auto"));
    assertEquals(OptionalDouble.of(0.3), scorecardWeight("0.3"));
    assertEquals(OptionalDouble.of(0), scorecardWeight("0"));
    assertEquals(OptionalDouble.of(1), scorecardWeight("1.0"));
    for (String value : List.of("sometimes", "1.5", "-0.1", "2", "")) {
      ConfigError error = assertThrows(ConfigError.class, () -> scorecardWeight(value));
      assertTrue(error.getMessage().contains("train.gbt.scorecard-weight"), error.getMessage());
      assertTrue(error.getMessage().contains("got '" + value + "'"), error.getMessage());
    }
  }

  /** {@code train.gbt.scorecard-weight} as read with {@code value} set (null: the default). */
  private static OptionalDouble scorecardWeight(String value) {
    List<String> sets = value == null ? List.of()
        : List.of("train.gbt.scorecard-weight=" + value);
    return TrainSettings.read(new ConfigReader(ConfigLoader.load(List.of(), sets, Map.of())))
        .options().gbt().scorecardWeight();
  }

  @Test
  void aMissingConfigFileIsNamed() {
    ConfigError error = assertThrows(ConfigError.class,
        () -> ConfigLoader.load(List.of(dir.resolve("nope.conf")), List.of(), Map.of()));
    assertTrue(error.getMessage().contains("nope.conf"), error.getMessage());
  }

  @Test
  void theShippedConfigFilesAreValid() {
    Path root = Path.of(System.getProperty("visitrank.project.dir", ".."));
    for (String name : List.of("local.conf", "cluster.conf")) {
      Config config = ConfigLoader.load(List.of(root.resolve("conf").resolve(name)), List.of(),
          Map.of());
      ConfigReader reader = new ConfigReader(config);
      CommonSettings.read(reader);
      GenerateSettings.read(reader);
      SparkSettings.read(reader);
    }
  }
}
