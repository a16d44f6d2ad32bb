package com.visitrank.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench.sizes}: ascending loans per world, with errors that name the key. */
class ScaleSettingsTest {

  @Test
  void parsesCommaSeparatedSizes() {
    assertEquals(List.of(100_000, 1_000_000, 3_000_000),
        ScaleSettings.sizes("100000, 1_000_000,3000000", "test"));
    assertEquals(List.of(500), ScaleSettings.sizes("500", "test"));
  }

  @Test
  void rejectsWhatIsNotAnAscendingListOfSizes() {
    for (String bad : List.of("10k", "", "1000,500", "1000,1000", "50")) {
      ConfigError error = assertThrows(ConfigError.class, () -> ScaleSettings.sizes(bad, "test"));
      assertTrue(error.getMessage().contains("bench.sizes"), error.getMessage());
    }
  }
}
