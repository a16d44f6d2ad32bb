package com.visitrank.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.schema.RawTables;
import com.visitrank.testing.DataFrameAssertions;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every rule on hand-built bad rows: each is rejected with its own reason code. */
@ExtendWith(SparkSessionExtension.class)
class ValidationTest {

  private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  private static final Validation.Formats FORMATS =
      new Validation.Formats("yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss");

  /** Rows in the reader's form: metadata, then the raw text of each contract column. */
  private static Dataset<Row> form(SparkSession spark, TableContract contract,
      List<String[]> records) {
    StructType schema = new StructType()
        .add(Validation.SOURCE_FILE, DataTypes.StringType)
        .add(Validation.ROW_NUMBER, DataTypes.LongType)
        .add(Validation.RAW_RECORD, DataTypes.StringType)
        .add(Validation.FIELD_ERROR, DataTypes.StringType);
    for (String column : contract.columnNames()) {
      schema = schema.add(column, DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>();
    long line = 2;
    for (String[] record : records) {
      Object[] values = new Object[4 + contract.columns().size()];
      values[0] = "test.csv";
      values[1] = line++;
      values[2] = String.join(",", Arrays.stream(record).map(String::valueOf).toList());
      values[3] = record.length == contract.columns().size() ? null : "expected "
          + contract.columns().size() + " fields, found " + record.length;
      for (int i = 0; i < contract.columns().size() && i < record.length; i++) {
        values[4 + i] = record[i];
      }
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** A clean loans table holding L1, originated 2024-03-01. */
  private static Dataset<Row> cleanLoanL1(SparkSession spark) {
    return spark.createDataFrame(List.of(RowFactory.create("L1", Date.valueOf("2024-03-01"))),
        new StructType().add("loan_id", DataTypes.StringType)
            .add("origination_date", DataTypes.DateType));
  }

  private static Map<Long, String> reasons(Dataset<Row> checked) {
    Map<Long, String> reasons = new TreeMap<>();
    for (Row row : checked.select(Validation.ROW_NUMBER, Validation.REASON).collectAsList()) {
      reasons.put(row.getLong(0), row.isNullAt(1) ? "OK" : row.getString(1));
    }
    return reasons;
  }

  private static String[] loan(String id, String customer, String product, String principal,
      String rate, String term, String originated, String closed) {
    return new String[] {id, customer, product, principal, rate, term, originated, "B1", "North",
        closed, null, null};
  }

  @Test
  void rowRulesRejectEachBadLoanWithItsOwnReason(SparkSession spark) {
    List<String[]> records = List.of(
        loan("L1", "C1", "consumer", "5e+04", "0.08", "24", "2024-01-15", null),
        loan("L2", null, "consumer", "1000", "0.08", "24", "2024-01-15", null),
        loan("L3", "C1", "consumer", "abc", "0.08", "24", "2024-01-15", null),
        loan("L4", "C1", "consumer", "1000", "0.08", "24", "2024-02-31", null),
        loan("L5", "C1", "consumer", "1000", "0.08", "24.5", "2024-01-15", null),
        loan("L6", "C1", "yacht", "1000", "0.08", "24", "2024-01-15", null),
        loan("L7", "C1", "consumer", "-1", "0.08", "24", "2024-01-15", null),
        loan("L8", "C1", "consumer", "1000", "1.5", "24", "2024-01-15", null),
        loan("L9", "C1", "consumer", "1000", "0.08", "24", "2025-07-01", null),
        loan("L10", "C1", "consumer", "1000", "0.08", "24", "2024-01-15", "2023-12-31"),
        new String[] {"L11", "C1", "consumer"},
        loan("L12", "C1", " mortgage ", "1000", "0.08", "0", "2024-01-15", null));
    Dataset<Row> checked = Validation.checkRows(form(spark, Contracts.LOANS, records),
        Contracts.LOANS, FORMATS, AS_OF);
    Map<Long, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry(2L, "OK"),
        Map.entry(3L, Validation.MISSING_REQUIRED),
        Map.entry(4L, "BAD_NUMBER"),
        Map.entry(5L, "BAD_DATE"),
        Map.entry(6L, "BAD_INTEGER"),
        Map.entry(7L, Validation.BAD_ENUM),
        Map.entry(8L, Validation.NEGATIVE_AMOUNT),
        Map.entry(9L, Validation.OUT_OF_RANGE),
        Map.entry(10L, Validation.FUTURE_DATE),
        Map.entry(11L, Validation.EVENT_BEFORE_ORIGINATION),
        Map.entry(12L, Validation.FIELD_COUNT),
        Map.entry(13L, Validation.OUT_OF_RANGE)));
    assertEquals(expected, reasons(checked));
    Row first = checked.filter(col(Validation.ROW_NUMBER).equalTo(2)).first();
    assertEquals(new BigDecimal("50000.00"), first.getDecimal(first.fieldIndex("principal")));
    assertEquals(Date.valueOf("2024-01-15"), first.getDate(first.fieldIndex("origination_date")));
    Row bad = checked.filter(col(Validation.ROW_NUMBER).equalTo(4)).first();
    assertEquals("principal: 'abc' is not a valid money", bad.getString(bad.fieldIndex(
        Validation.DETAIL)));
  }

  @Test
  void timestampsAndBooleansAreTypedAndFutureTimesRejected(SparkSession spark) {
    List<String[]> records = List.of(
        new String[] {"2025-06-30", "L1", "T1", "yes"},
        new String[] {"2025-06-30", "L2", null, "maybe"},
        new String[] {"2025-07-01", "L3", null, "0"});
    Dataset<Row> plans = Validation.checkRows(form(spark, Contracts.VISIT_PLANS, records),
        Contracts.VISIT_PLANS, FORMATS, AS_OF);
    assertEquals(Map.of(2L, "OK", 3L, "BAD_BOOLEAN", 4L, Validation.FUTURE_DATE),
        reasons(plans));
    List<String[]> contacts = List.of(
        new String[] {"K1", "L1", "2025-06-30 23:59:59", "call", "reached", null, null},
        new String[] {"K2", "L1", "2025-07-01 00:00:00", "call", "reached", null, null},
        new String[] {"K3", "L1", "2025-06-30 25:00:00", "call", "reached", null, null},
        new String[] {"K4", "L1", "2025-06-01 10:00:00", "fax", "reached", null, null});
    Dataset<Row> checked = Validation.checkRows(form(spark, Contracts.CONTACTS, contacts),
        Contracts.CONTACTS, FORMATS, AS_OF);
    assertEquals(Map.of(2L, "OK", 3L, Validation.FUTURE_DATE, 4L, "BAD_TIMESTAMP",
        5L, Validation.BAD_ENUM), reasons(checked));
  }

  @Test
  void exactDuplicatesCollapseAndConflictingIdsAreMarked(SparkSession spark) {
    List<String[]> records = List.of(
        new String[] {"P1", "L1", "2024-03-05", "100.00", "counter"},
        new String[] {"P1", "L1", "2024-03-05", "1e2", "counter"},
        new String[] {"P2", "L1", "2024-04-05", "100.00", "counter"},
        new String[] {"P2", "L1", "2024-04-06", "100.00", "counter"},
        new String[] {"P3", "L1", "2024-05-05", "100.00", "counter"});
    Dataset<Row> resolved = Validation.withOutcome(Validation.resolveKeys(Validation.checkRows(
        form(spark, Contracts.PAYMENTS, records), Contracts.PAYMENTS, FORMATS, AS_OF),
        Contracts.PAYMENTS));
    Map<Long, String> outcomes = new TreeMap<>();
    for (Row row : resolved.collectAsList()) {
      outcomes.put(row.getAs(Validation.ROW_NUMBER), row.getAs(Validation.OUTCOME) + "/"
          + row.getAs(Validation.REASON));
    }
    assertEquals(Map.of(
        2L, "clean/null",
        3L, "duplicate/null",
        4L, "quarantined/ID_CONFLICT",
        5L, "quarantined/ID_CONFLICT",
        6L, "clean/null"), outcomes);
  }

  @Test
  void orphansAndPaymentsBeforeOriginationAreRejected(SparkSession spark) {
    Dataset<Row> loans = cleanLoanL1(spark);
    List<String[]> records = List.of(
        new String[] {"P1", "L1", "2024-03-05", "100", "counter"},
        new String[] {"P2", "L9", "2024-03-05", "100", "counter"},
        new String[] {"P3", "L1", "2024-02-05", "100", "counter"});
    Dataset<Row> checked = Validation.checkRows(form(spark, Contracts.PAYMENTS, records),
        Contracts.PAYMENTS, FORMATS, AS_OF);
    Dataset<Row> marked = Validation.checkParents(checked, Contracts.PAYMENTS,
        Map.of(RawTables.LOANS, loans));
    assertEquals(Map.of(2L, "OK", 3L, Contracts.UNKNOWN_LOAN,
        4L, Validation.PAYMENT_BEFORE_ORIGINATION), reasons(marked));
    Map<Long, String> details = new TreeMap<>();
    for (Row r : marked.filter(col(Validation.REASON).isNotNull()).collectAsList()) {
      details.put(r.getLong(r.fieldIndex(Validation.ROW_NUMBER)),
          r.getString(r.fieldIndex(Validation.DETAIL)));
    }
    assertEquals(Map.of(3L, "loan_id 'L9' is not in clean/loans",
        4L, "payment_date 2024-02-05 is before origination_date 2024-03-01"), details);
  }

  @Test
  void visitsOfUnknownTeamsAreRejected(SparkSession spark) {
    Dataset<Row> loans = cleanLoanL1(spark);
    Dataset<Row> teams = spark.createDataFrame(List.of(RowFactory.create("T1")),
        new StructType().add("team_id", DataTypes.StringType));
    List<String[]> records = List.of(
        new String[] {"V1", "L1", "T1", "O1", "2025-03-01 19:00:00", "met_borrower", "illness",
            "partial", "willing", "true", "instalment_plan", "100", "2025-03-10", "120"},
        new String[] {"V2", "L1", "T9", "O1", "2025-03-01 19:00:00", "not_home", null, null,
            null, null, null, null, null, "120"});
    Dataset<Row> checked = Validation.resolveKeys(Validation.checkRows(
        form(spark, Contracts.VISITS, records), Contracts.VISITS, FORMATS, AS_OF),
        Contracts.VISITS);
    Dataset<Row> marked = Validation.checkParents(checked, Contracts.VISITS,
        Map.of(RawTables.LOANS, loans, RawTables.TEAMS, teams));
    assertEquals(Map.of(2L, "OK", 3L, Contracts.UNKNOWN_TEAM), reasons(marked));
  }

  @Test
  void aScheduleWithAGapIsRejectedWhole(SparkSession spark) {
    List<String[]> records = List.of(
        new String[] {"L1", "1", "2024-02-05", "100", "5"},
        new String[] {"L1", "2", "2024-03-05", "100", "4"},
        new String[] {"L2", "1", "2024-02-05", "100", "5"},
        new String[] {"L2", "3", "2024-04-05", "100", "3"});
    Dataset<Row> checked = Validation.checkRows(form(spark, Contracts.SCHEDULE, records),
        Contracts.SCHEDULE, FORMATS, AS_OF);
    Dataset<Row> marked = Validation.checkScheduleGaps(
        Validation.resolveKeys(checked, Contracts.SCHEDULE));
    assertEquals(Map.of(2L, "OK", 3L, "OK", 4L, Validation.SCHEDULE_GAP,
        5L, Validation.SCHEDULE_GAP), reasons(marked));
  }

  @Test
  void quarantineRowsKeepTheirOriginAndMaskPersonalData(SparkSession spark) {
    List<String[]> records = List.of(
        new String[] {"C1", "Wang Wei", "13900000000", "320000199001011234", "1 Renmin Road"},
        new String[] {null, "Li Na", "13900000001", "320000199001011235", "2 Renmin Road"});
    Dataset<Row> checked = Validation.checkRows(form(spark, Contracts.CUSTOMER_CONTACTS,
        records), Contracts.CUSTOMER_CONTACTS, FORMATS, AS_OF);
    Dataset<Row> quarantine = Validation.toQuarantine(
        checked.filter(col(Validation.REASON).isNotNull()), Contracts.CUSTOMER_CONTACTS, "r1");
    DataFrameAssertions.assertSameRows(spark.createDataFrame(List.of(RowFactory.create(
            "customer_contacts", "test.csv", 3L, "customer_id=? (personal data masked)",
            Validation.MISSING_REQUIRED, "customer_id is empty", "r1")),
        Validation.QUARANTINE_SCHEMA), spark.createDataFrame(quarantine.collectAsList(),
        Validation.QUARANTINE_SCHEMA));
  }
}
