package com.visitrank.config;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Settings every job shares.
 *
 * @param warehouse root of every table ({@code visitrank.warehouse})
 * @param asOf the business date the job runs for ({@code visitrank.as-of}), if given
 * @param runId identifier of the run ({@code visitrank.run-id}), if given
 * @param samples where a fresh warehouse's raw tables come from ({@code visitrank.samples})
 */
public record CommonSettings(String warehouse, Optional<LocalDate> asOf, Optional<String> runId,
    String samples) {

  /** The as-of date, which {@code job} cannot run without. */
  public LocalDate requireAsOf(String job) {
    return asOf.orElseThrow(() -> new ConfigError("Bad configuration: " + job
        + " needs visitrank.as-of, the business date it runs for (YYYY-MM-DD), e.g. --set"
        + " visitrank.as-of=2025-12-31"));
  }

  public static CommonSettings read(ConfigReader reader) {
    String runId = reader.string("visitrank.run-id");
    if (!runId.isBlank() && !runId.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigError("visitrank.run-id", reader.origin("visitrank.run-id"),
          "may only hold letters, digits, '.', '_' and '-', got '" + runId + "'");
    }
    return new CommonSettings(
        reader.nonEmptyString("visitrank.warehouse"),
        reader.optionalDate("visitrank.as-of"),
        runId.isBlank() ? Optional.empty() : Optional.of(runId),
        reader.nonEmptyString("visitrank.samples"));
  }
}
