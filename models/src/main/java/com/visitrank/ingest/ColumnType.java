package com.visitrank.ingest;

/** How a raw text value is typed, and the reason code when it cannot be. */
public enum ColumnType {
  STRING(null),
  MONEY("BAD_NUMBER"),
  INTEGER("BAD_INTEGER"),
  DOUBLE("BAD_NUMBER"),
  DATE("BAD_DATE"),
  TIMESTAMP("BAD_TIMESTAMP"),
  BOOLEAN("BAD_BOOLEAN");

  private final String reason;

  ColumnType(String reason) {
    this.reason = reason;
  }

  /** Reason code of a value that does not parse as this type. */
  public String reason() {
    return reason;
  }
}
