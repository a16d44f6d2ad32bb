package com.visitrank.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.schema.TargetTables;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class VisitTargetsTest {

  @Test
  void theGainIsRepaymentWithAVisitMinusWithoutMinusCost(SparkSession spark) {
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("A", 700.0, 200.0, 120.0),
            RowFactory.create("B", 300.0, 250.0, 120.0)),
        StructType.fromDDL("loan_id string, expected_recovery_visit double,"
            + " expected_recovery_no_visit double, visit_cost double"));
    assertEquals("[[A,380.0], [B,-70.0]]", VisitTargets.expectedGain(rows, "visit_cost")
        .select("loan_id", "expected_gain").orderBy("loan_id").collectAsList().toString());
  }

  /** A planned row carrying PII and helper columns comes out as the contract, nothing else. */
  @Test
  void contractRowsHaveExactlyTheContractColumnsAndNoPii(SparkSession spark) {
    StructType schema = StructType.fromDDL("loan_id string, customer_id string, region string,"
        + " district string, team_id string, dpd int, bucket string, overdue_class string,"
        + " outstanding_principal decimal(18,2), overdue_amount decimal(18,2),"
        + " probability double, expected_recovery_no_visit double,"
        + " expected_recovery_visit double, visit_cost double, uplift_source string,"
        + " trigger_reasons array<string>, reason_codes array<string>,"
        + " suggested_visit_date date, time_window string, approach string,"
        + " control_group boolean, situation string, name string, phone string,"
        + " address string");
    Dataset<Row> planned = spark.createDataFrame(List.of(
        planned("L1", 0.9, 500.0, 100.0, false), planned("L2", 0.5, 900.0, 100.0, true),
        planned("L3", 0.7, 300.0, 200.0, false)), schema);
    Dataset<Row> targets = VisitTargets.contractRows(planned, LocalDate.of(2025, 12, 31), "v1",
        "run-1");
    assertEquals(TargetTables.visitTargetColumns(), List.of(targets.columns()));
    assertEquals(typed(TargetTables.VISIT_TARGETS_SCHEMA), typed(targets.schema()));
    for (String pii : TargetTables.PII_COLUMNS) {
      assertEquals(false, List.of(targets.columns()).contains(pii), pii);
    }
    assertEquals("[[L2,1,3,700.0], [L1,2,1,300.0], [L3,3,2,0.0]]", targets
        .select("loan_id", "rank", "risk_rank", "expected_gain").orderBy("rank")
        .collectAsList().toString());
    Dataset<Row> contacts = spark.createDataFrame(List.of(
            RowFactory.create("C-L1", "Ann", "555-1", "1 Road"),
            RowFactory.create("C-L2", "Bo", "555-2", "2 Road")),
        StructType.fromDDL("customer_id string, name string, phone string, address string"));
    assertEquals("[[2025-12-31,L1,C-L1,T1,2026-01-02,Ann,555-1,1 Road],"
            + " [2025-12-31,L3,C-L3,T1,2026-01-02,null,null,null]]",
        VisitTargets.contacts(targets, contacts).orderBy("loan_id").collectAsList().toString(),
        "visited rows only, the control loan L2 is not in the contact table");
  }

  private static List<String> typed(StructType schema) {
    return java.util.Arrays.stream(schema.fields())
        .map(f -> f.name() + " " + f.dataType().simpleString()).toList();
  }

  private static Row planned(String id, double p, double visit, double cost, boolean control) {
    return RowFactory.create(id, "C-" + id, "R1", "D1", "T1", 40, "M2", "long",
        new BigDecimal("1000.00"), new BigDecimal("100.00"), p, 100.0, visit, cost, "model",
        List.of("LONG_OVERDUE"), List.of("dpd"), Date.valueOf("2026-01-02"), "18:00-21:00",
        "payment_reminder", control, "other", "Name", "Phone", "Address");
  }
}
