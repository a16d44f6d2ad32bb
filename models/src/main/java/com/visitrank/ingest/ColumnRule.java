package com.visitrank.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * The checks on one column of a raw table.
 *
 * @param name column name in the contract
 * @param type how the text is typed
 * @param required whether an empty value rejects the row
 * @param allowed the allowed values of an enumeration, or empty for any
 * @param min smallest allowed number (inclusive), or null
 * @param max largest allowed number (inclusive), or null
 * @param notAfterAsOf whether a date or time after the as-of date rejects the row
 */
public record ColumnRule(String name, ColumnType type, boolean required, List<String> allowed,
    Double min, Double max, boolean notAfterAsOf) implements Serializable {

  public static ColumnRule of(String name, ColumnType type) {
    return new ColumnRule(name, type, false, List.of(), null, null, false);
  }

  public ColumnRule mandatory() {
    return new ColumnRule(name, type, true, allowed, min, max, notAfterAsOf);
  }

  public ColumnRule oneOf(String... values) {
    return new ColumnRule(name, type, required, List.of(values), min, max, notAfterAsOf);
  }

  public ColumnRule between(double low, double high) {
    return new ColumnRule(name, type, required, allowed, low, high, notAfterAsOf);
  }

  public ColumnRule atLeast(double low) {
    return new ColumnRule(name, type, required, allowed, low, null, notAfterAsOf);
  }

  /** The value is a past event: it may not lie after the as-of date. */
  public ColumnRule past() {
    return new ColumnRule(name, type, required, allowed, min, max, true);
  }
}
