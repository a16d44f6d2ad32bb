package com.visitrank.cli;

import java.util.List;

/** The scratch warehouse of a benchmark, so that it never overwrites the pipeline's tables. */
final class BenchWarehouse {

  private BenchWarehouse() {}

  /**
   * Puts {@code visitrank.warehouse=<dir>} first among the overrides when neither an override
   * nor {@code VISITRANK_WAREHOUSE} chooses the warehouse (a later --set still wins).
   */
  static void useDefault(List<String> sets, String dir) {
    boolean chosen = System.getenv("VISITRANK_WAREHOUSE") != null
        || sets.stream().anyMatch(s -> s.startsWith("visitrank.warehouse="));
    if (!chosen) {
      sets.add(0, "visitrank.warehouse=" + dir);
    }
  }
}
