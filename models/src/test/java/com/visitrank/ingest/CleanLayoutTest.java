package com.visitrank.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.schema.RawTables;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class CleanLayoutTest {

  private static Row instalment(String loan, int number, String due) {
    return RowFactory.create(loan, number, Date.valueOf(due), new BigDecimal("100.00"),
        new BigDecimal("1.00"));
  }

  private static List<String> order(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(r -> r.getString(0) + "#" + r.getInt(1)).toList();
  }

  /**
   * Two loans in loan order, as validation leaves them, each with instalments due in 2024 and
   * 2025 (L2's first falls due on the last day of 2024, L1's third on the first of 2025).
   */
  @Test
  void scheduleRowsGoByDueYearThenLoanAndInstalment(SparkSession spark) {
    Dataset<Row> clean = spark.createDataFrame(List.of(
        instalment("L1", 1, "2024-11-01"), instalment("L1", 2, "2024-12-01"),
        instalment("L1", 3, "2025-01-01"), instalment("L1", 4, "2025-02-01"),
        instalment("L2", 1, "2024-12-31"), instalment("L2", 2, "2025-01-31")),
        RawTables.SCHEDULE_SCHEMA).coalesce(1);
    assertEquals(List.of("L1#1", "L1#2", "L2#1", "L1#3", "L1#4", "L2#2"),
        order(CleanLayout.ordered(RawTables.SCHEDULE, clean)));
  }

  @Test
  void otherTablesKeepTheirOrder(SparkSession spark) {
    Dataset<Row> rows = spark.createDataFrame(List.of(
        instalment("L2", 2, "2025-01-31"), instalment("L1", 1, "2024-11-01")),
        RawTables.SCHEDULE_SCHEMA).coalesce(1);
    assertEquals(List.of("L2#2", "L1#1"), order(CleanLayout.ordered(RawTables.PAYMENTS, rows)));
  }

  @Test
  void bucketsGoByLoanThenTheLoansEventsInTimeOrElseTheTablesKey() {
    assertEquals(List.of("loan_id", "installment_no"),
        CleanLayout.bucketOrder(RawTables.SCHEDULE, Contracts.SCHEDULE.key()));
    assertEquals(List.of("loan_id", "payment_date", "payment_id"),
        CleanLayout.bucketOrder(RawTables.PAYMENTS, Contracts.PAYMENTS.key()));
    assertEquals(List.of("loan_id", "contact_time", "contact_id"),
        CleanLayout.bucketOrder(RawTables.CONTACTS, Contracts.CONTACTS.key()));
    assertEquals(List.of("loan_id", "statement_date"),
        CleanLayout.bucketOrder(RawTables.STATEMENTS, Contracts.STATEMENTS.key()));
    assertEquals(List.of("loan_id"),
        CleanLayout.bucketOrder(RawTables.LOANS, Contracts.LOANS.key()));
  }
}
