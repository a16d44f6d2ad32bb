package com.visitrank.testing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Hand-built rows of raw tables, in the column order of their schemas in
 * {@link com.visitrank.schema.RawTables}, with dates, times and amounts written as text.
 */
public final class RawRows {

  private RawRows() {}

  /**
   * A row of {@code CONTACTS_SCHEMA}; {@code promisedAmount} and {@code promisedDate} may be
   * null.
   */
  public static Row contact(String id, String loan, String time, String channel, String outcome,
      String promisedAmount, String promisedDate) {
    return RowFactory.create(id, loan, Timestamp.valueOf(time), channel, outcome,
        promisedAmount == null ? null : new BigDecimal(promisedAmount),
        promisedDate == null ? null : Date.valueOf(promisedDate));
  }

  /** A row of {@code PAYMENTS_SCHEMA} (channel {@code x}). */
  public static Row payment(String id, String loan, String date, String amount) {
    return RowFactory.create(id, loan, Date.valueOf(date), new BigDecimal(amount), "x");
  }
}
