package com.visitrank.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterBenchSettingsTest {

  private static ClusterBenchSettings read(String... sets) {
    return ClusterBenchSettings.read(new ConfigReader(
        ConfigLoader.load(List.of(), List.of(sets), Map.of())));
  }

  @Test
  void defaultsUsePortsApartFromSparksOwn() {
    ClusterBenchSettings settings = read();
    assertEquals(17077, settings.masterPort());
    assertEquals(18080, settings.uiPort());
    assertEquals("target", settings.until());
    assertEquals(Duration.ofMinutes(40), settings.timeout());
  }

  @Test
  void aMemorySizeWithoutUnitNamesItsKey() {
    ConfigError error = assertThrows(ConfigError.class,
        () -> read("bench.cluster.executor-memory=1024"));
    assertTrue(error.getMessage().contains("bench.cluster.executor-memory"), error.getMessage());
    assertTrue(error.getMessage().contains("512m or 2g"), error.getMessage());
  }

  @Test
  void untilMustBeAJobOfThePipeline() {
    ConfigError error = assertThrows(ConfigError.class,
        () -> read("bench.cluster.until=simulate"));
    assertTrue(error.getMessage().contains("bench.cluster.until"), error.getMessage());
  }
}
