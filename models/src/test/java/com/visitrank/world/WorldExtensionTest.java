package com.visitrank.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.visitrank.schema.RawTables;
import com.visitrank.testing.DataFrameAssertions;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class WorldExtensionTest {

  private static final LocalDate T = LocalDate.of(2025, 12, 31);

  private static final StructType TARGETS = new StructType()
      .add("as_of_date", DataTypes.DateType)
      .add("rank", DataTypes.IntegerType)
      .add("loan_id", DataTypes.StringType)
      .add("team_id", DataTypes.StringType)
      .add("suggested_visit_date", DataTypes.DateType)
      .add("time_window", DataTypes.StringType)
      .add("control_group", DataTypes.BooleanType);

  private static Date d(String date) {
    return Date.valueOf(date);
  }

  private static Dataset<Row> targets(SparkSession spark) {
    return spark.createDataFrame(List.of(
        RowFactory.create(d("2025-12-31"), 1, "L000000001", "T1-1", d("2026-01-03"),
            "18:00-20:00", false),
        RowFactory.create(d("2025-12-31"), 2, "L000000030", "T2-2", d("2026-01-04"),
            "10:00-12:00", true),
        RowFactory.create(d("2025-12-31"), 3, "L000000053", "T1-2", d("2026-01-05"),
            "19:00-21:00", false)), TARGETS);
  }

  @Test
  void visitsOfATargetTableAreItsRowsOutsideTheControlGroup(SparkSession spark) {
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create("L000000001", d("2025-12-31"), "T1-1", d("2026-01-03"), "18:00-20:00"),
        RowFactory.create("L000000053", d("2025-12-31"), "T1-2", d("2026-01-05"),
            "19:00-21:00")), WorldExtension.PLAN_SCHEMA);
    DataFrameAssertions.assertSameRows(expected,
        spark.createDataFrame(WorldExtension.plansFromTargets(targets(spark)).collectAsList(),
            WorldExtension.PLAN_SCHEMA));
  }

  @Test
  void everyTargetBecomesAVisitPlanRowWithItsControlFlag(SparkSession spark) {
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create(d("2025-12-31"), "L000000001", "T1-1", false),
        RowFactory.create(d("2025-12-31"), "L000000030", "T2-2", true),
        RowFactory.create(d("2025-12-31"), "L000000053", "T1-2", false)),
        RawTables.VISIT_PLANS_SCHEMA);
    DataFrameAssertions.assertSameRows(expected,
        spark.createDataFrame(WorldExtension.visitPlanRows(targets(spark)).collectAsList(),
            RawTables.VISIT_PLANS_SCHEMA));
  }

  @Test
  void onlyVisitedPlansFromTheWorldsEndToBeforeTheAsOfDateAreReplayed(SparkSession spark) {
    Dataset<Row> plans = spark.createDataFrame(List.of(
        RowFactory.create(d("2025-09-30"), "L000000001", "T1-1", false),
        RowFactory.create(d("2025-12-31"), "L000000002", "T1-1", false),
        RowFactory.create(d("2025-12-31"), "L000000003", "T1-2", true),
        RowFactory.create(d("2026-01-31"), "L000000004", "T1-2", false),
        RowFactory.create(d("2026-02-28"), "L000000005", "T1-2", false)),
        RawTables.VISIT_PLANS_SCHEMA);
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create("L000000002", d("2025-12-31"), "T1-1", null, null),
        RowFactory.create("L000000004", d("2026-01-31"), "T1-2", null, null)),
        WorldExtension.PLAN_SCHEMA);
    DataFrameAssertions.assertSameRows(expected, spark.createDataFrame(
        WorldExtension.replayedPlans(plans, T, LocalDate.of(2026, 2, 28)).collectAsList(),
        WorldExtension.PLAN_SCHEMA));
  }

  @Test
  void plansAreGroupedOntoTheBlocksOfTheirLoans(SparkSession spark) {
    Dataset<Long> blocks = spark.range(0, 3, 1, 2).as(Encoders.LONG());
    Dataset<Row> plans = spark.createDataFrame(List.of(
        RowFactory.create("L000000001", d("2025-12-31"), "T1-1", d("2026-01-03"), "18:00-20:00"),
        RowFactory.create("L000000026", d("2025-12-31"), "T1-1", null, null),
        RowFactory.create("L000000027", d("2025-12-31"), "T1-2", d("2026-01-04"), "10:00-12:00"),
        RowFactory.create("X12", d("2025-12-31"), "T1-2", d("2026-01-04"), "10:00-12:00")),
        WorldExtension.PLAN_SCHEMA);
    List<Row> rows = WorldExtension.plannedBlocks(blocks, plans).orderBy("block")
        .collectAsList();
    assertEquals(3, rows.size());
    assertEquals(List.of(0L, 1L, 2L), rows.stream().map(r -> r.getLong(0)).toList());
    assertEquals(List.of("L000000001", "L000000026"), loanIds(rows.get(0)));
    assertEquals(List.of("L000000027"), loanIds(rows.get(1)));
    Row plan = rows.get(1).<Row>getList(1).get(0);
    assertEquals(RowFactory.create("L000000027", d("2025-12-31"), "T1-2", d("2026-01-04"),
        "10:00-12:00"), RowFactory.create(plan.get(0), plan.get(1), plan.get(2), plan.get(3),
        plan.get(4)));
    assertEquals(true, rows.get(2).isNullAt(1));
  }

  private static List<String> loanIds(Row block) {
    List<String> ids = new ArrayList<>();
    for (Row plan : block.<Row>getList(1)) {
      ids.add(plan.getString(0));
    }
    ids.sort(String::compareTo);
    return ids;
  }

  @Test
  void eventRowsSplitAtTheAsOfDateByTheirOwnDate(SparkSession spark) {
    Dataset<Row> payments = spark.createDataFrame(List.of(
        RowFactory.create("P1", "L1", d("2025-12-28"), new BigDecimal("10.00"), "counter"),
        RowFactory.create("P2", "L1", d("2025-12-31"), new BigDecimal("11.00"), "counter"),
        RowFactory.create("P3", "L1", d("2026-01-03"), new BigDecimal("12.00"), "counter")),
        RawTables.PAYMENTS_SCHEMA);
    assertEquals(List.of("P1", "P2"), ids(WorldExtension.through(payments, WorldTable.PAYMENTS,
        T)));
    assertEquals(List.of("P3"), ids(WorldExtension.after(payments, WorldTable.PAYMENTS, T)));
    Dataset<Row> contacts = spark.createDataFrame(List.of(
        RowFactory.create("C1", "L1", Timestamp.valueOf("2025-12-31 20:30:00"), "call",
            "no_answer", null, null),
        RowFactory.create("C2", "L1", Timestamp.valueOf("2026-01-01 09:00:00"), "sms",
            "reached", null, null)), RawTables.CONTACTS_SCHEMA);
    assertEquals(List.of("C1"), ids(WorldExtension.through(contacts, WorldTable.CONTACTS, T)));
    assertEquals(List.of("C2"), ids(WorldExtension.after(contacts, WorldTable.CONTACTS, T)));
    assertThrows(IllegalArgumentException.class,
        () -> WorldExtension.after(payments, WorldTable.LOANS, T));
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.select(rows.columns()[0]).orderBy(rows.columns()[0]).collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  @Test
  void loansAsOfTheDateForgetLaterEvents(SparkSession spark) {
    Dataset<Row> loans = spark.createDataFrame(List.of(
        loan("L1", "2025-11-20", null, null),
        loan("L2", "2026-01-12", null, "2025-10-05"),
        loan("L3", null, "2026-01-28", "2026-01-05")), RawTables.LOANS_SCHEMA);
    Dataset<Row> expected = spark.createDataFrame(List.of(
        loan("L1", "2025-11-20", null, null),
        loan("L2", null, null, "2025-10-05"),
        loan("L3", null, null, null)), RawTables.LOANS_SCHEMA);
    DataFrameAssertions.assertSameRows(expected, spark.createDataFrame(
        WorldExtension.loansAsOf(loans, T).collectAsList(), RawTables.LOANS_SCHEMA));
  }

  private static Row loan(String id, String closed, String writtenOff, String litigation) {
    return RowFactory.create(id, "C1", "consumer", new BigDecimal("1000.00"), 0.1, 12,
        d("2025-01-10"), "B101", "Hexi", closed == null ? null : d(closed),
        writtenOff == null ? null : d(writtenOff), litigation == null ? null : d(litigation));
  }
}
