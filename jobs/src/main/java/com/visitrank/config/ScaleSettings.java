package com.visitrank.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of {@code bench scale}.
 *
 * @param sizes loans of the generated worlds, ascending, at least one
 */
public record ScaleSettings(List<Integer> sizes) {

  public static ScaleSettings read(ConfigReader r) {
    return new ScaleSettings(sizes(r.string("bench.sizes"), r.origin("bench.sizes")));
  }

  /** Parses {@code "100000, 1000000"}: ascending whole numbers from 100 to 50,000,000. */
  static List<Integer> sizes(String text, String origin) {
    List<Integer> sizes = new ArrayList<>();
    for (String part : text.split(",")) {
      int size;
      try {
        size = Integer.parseInt(part.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new ConfigError("bench.sizes", origin, "must be loans per world separated by"
            + " commas, e.g. \"100000,1000000,3000000\", got '" + text + "'");
      }
      if (size < 100 || size > 50_000_000) {
        throw new ConfigError("bench.sizes", origin, "must hold sizes from 100 to 50,000,000"
            + " loans, got " + size);
      }
      if (!sizes.isEmpty() && size <= sizes.get(sizes.size() - 1)) {
        throw new ConfigError("bench.sizes", origin, "must be in ascending order, got '" + text
            + "'");
      }
      sizes.add(size);
    }
    return List.copyOf(sizes);
  }
}
