package com.visitrank.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.features.PointInTime;
import com.visitrank.schema.RawTables;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class OutcomesTest {

  private static final LocalDate PLAN = LocalDate.of(2025, 2, 20);
  private static final LocalDate AS_OF = LocalDate.of(2025, 5, 1);

  private static Date d(String day) {
    return Date.valueOf(day);
  }

  private static BigDecimal money(long amount) {
    return BigDecimal.valueOf(amount).setScale(2);
  }

  private static Dataset<Row> rows(SparkSession spark, StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] row : rows) {
      list.add(RowFactory.create(row));
    }
    return spark.createDataFrame(list, schema);
  }

  private static StructType plansSchema() {
    return RawTables.VISIT_PLANS_SCHEMA;
  }

  @Test
  void dedupKeepsOneRowPerDateAndLoanAndAnyControlRecordWins(SparkSession spark) {
    Dataset<Row> plans = rows(spark, plansSchema(),
        new Object[] {d("2025-02-20"), "L1", "T2", false},
        new Object[] {d("2025-02-20"), "L1", "T1", true},
        new Object[] {d("2025-02-20"), "L2", "T1", false},
        new Object[] {d("2025-03-20"), "L1", "T1", false});
    List<String> out = Plans.dedup(plans).orderBy("plan_date", "loan_id").collectAsList()
        .stream().map(Row::toString).toList();
    assertEquals(List.of("[2025-02-20,L1,T1,true]", "[2025-02-20,L2,T1,false]",
        "[2025-03-20,L1,T1,false]"), out);
  }

  @Test
  void targetsAddTheirRankOnTheirOwnDateOnly(SparkSession spark) {
    Dataset<Row> plans = rows(spark, plansSchema(),
        new Object[] {d("2025-02-20"), "L1", "T1", false},
        new Object[] {d("2025-03-20"), "L1", "T1", false});
    StructType targetSchema = new StructType().add("as_of_date", DataTypes.DateType)
        .add("loan_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
        .add("probability", DataTypes.DoubleType).add("expected_gain", DataTypes.DoubleType)
        .add("model_version", DataTypes.StringType).add("approach", DataTypes.StringType);
    Dataset<Row> targets = rows(spark, targetSchema,
        new Object[] {d("2025-03-20"), "L1", 7, 0.4, 120.0, "v1", "call_first"},
        new Object[] {d("2025-03-20"), "L9", 1, 0.9, 300.0, "v1", "visit"});
    List<String> out = Plans.withTargets(plans, targets)
        .select("plan_date", "loan_id", "rank", "probability", "model_version", "source")
        .orderBy("plan_date").collectAsList().stream().map(Row::toString).toList();
    assertEquals(List.of("[2025-02-20,L1,null,null,null,bank]",
        "[2025-03-20,L1,7,0.4,v1,visitrank]"), out);
  }

  /**
   * Two loans owing 100 on the 10th of each month from January, both paid only January's
   * instalment by the plan date 2025-02-20 (DPD 10, M1). L1 is visited on 02-25, promises 200
   * by 03-05 and pays 200 on 03-03; L2 (control) pays nothing more.
   */
  @Test
  void outcomesAt30And60DaysAndPendingAt90(SparkSession spark) {
    Dataset<Row> loans = rows(spark, RawTables.LOANS_SCHEMA,
        new Object[] {"L1", "C1", "consumer", money(600), 0.1, 6, d("2024-12-10"), "B1", "R1",
            null, null, null},
        new Object[] {"L2", "C2", "business", money(600), 0.1, 6, d("2024-12-10"), "B1", "R1",
            null, null, null});
    List<Object[]> schedule = new ArrayList<>();
    for (String loan : List.of("L1", "L2")) {
      for (int k = 1; k <= 6; k++) {
        schedule.add(new Object[] {loan, k, Date.valueOf(LocalDate.of(2025, k, 10)),
            money(90), money(10)});
      }
    }
    Dataset<Row> dues = PointInTime.dues(rows(spark, RawTables.SCHEDULE_SCHEMA,
        schedule.toArray(Object[][]::new)), AS_OF);
    Dataset<Row> paid = PointInTime.paid(rows(spark, RawTables.PAYMENTS_SCHEMA,
        new Object[] {"P1", "L1", d("2025-01-10"), money(100), "bank"},
        new Object[] {"P2", "L2", d("2025-01-10"), money(100), "bank"},
        new Object[] {"P3", "L1", d("2025-03-03"), money(200), "bank"}));
    Dataset<Row> visits = rows(spark, RawTables.VISITS_SCHEMA,
        new Object[] {"V1", "L1", "T1", "O1", Timestamp.valueOf("2025-02-25 10:00:00"),
            "met_borrower", "illness", "partial", "willing", true, "promise_to_pay", money(200),
            d("2025-03-05"), money(50)});
    Dataset<Row> customers = rows(spark, RawTables.CUSTOMERS_SCHEMA,
        new Object[] {"C1", "R1", "D1", "farmer", null, null, null, null, null, null},
        new Object[] {"C2", "R1", "D1", "salaried", null, null, null, null, null, null});
    Dataset<Row> plans = Plans.withTargets(rows(spark, plansSchema(),
        new Object[] {d("2025-02-20"), "L1", "T1", false},
        new Object[] {d("2025-02-20"), "L2", "T1", true}), null);
    Dataset<Row> out = Outcomes.compute(plans, loans, customers, dues, paid, visits,
        new Outcomes.Definitions(AS_OF, 90, 60, 30));
    assertEquals(Arrays.asList(EvaluationTables.PLAN_OUTCOMES_SCHEMA.fieldNames())
        .subList(0, EvaluationTables.PLAN_OUTCOMES_SCHEMA.size() - 1), List.of(out.columns()));
    List<String> got = out.orderBy("loan_id", "horizon_days")
        .select(col("loan_id"), col("segment"), col("dpd_at_plan"), col("bucket_at_plan"),
            col("pre_paid"), col("overdue_reason"), col("realised_label"), col("horizon_days"),
            col("matured"), col("cured"), col("rolled_forward"), col("recovered"),
            col("visits"), col("met"), col("promises_made"), col("promises_kept"), col("cost"))
        .collectAsList().stream().map(Row::toString).toList();
    assertEquals(List.of(
        // T+30 = 03-22: 300 due, 300 paid: cured. T+60 = 04-21: April unpaid, DPD 11.
        "[L1,farmer,10,M1,100.0,illness,false,30,true,true,false,200.0,1,true,1,1,50.0]",
        "[L1,farmer,10,M1,100.0,illness,false,60,true,false,false,200.0,1,true,1,1,50.0]",
        "[L1,farmer,10,M1,100.0,illness,false,90,false,null,null,null,null,null,null,null,null]",
        // February unpaid: DPD 40 (M2) at 03-22 and 70 (M3) at 04-21: rolled forward.
        "[L2,salaried,10,M1,100.0,null,true,30,true,false,true,0.0,0,false,0,0,0.0]",
        "[L2,salaried,10,M1,100.0,null,true,60,true,false,true,0.0,0,false,0,0,0.0]",
        "[L2,salaried,10,M1,100.0,null,true,90,false,null,null,null,null,null,null,null,null]"),
        got);

    List<String> summary = Outcomes.summary(out).select("horizon_days", "arm", "status",
            "loans", "cure_rate", "recovered_total", "promises_made", "promises_kept",
            "promise_kept_share", "cost")
        .collectAsList().stream().map(Row::toString).toList();
    assertEquals(List.of("[30,control,matured,1,0.0,0.0,0,0,null,0.0]",
        "[30,visit,matured,1,1.0,200.0,1,1,1.0,50.0]",
        "[60,control,matured,1,0.0,0.0,0,0,null,0.0]",
        "[60,visit,matured,1,0.0,200.0,1,1,1.0,50.0]",
        "[90,control,pending,1,null,null,null,null,null,null]",
        "[90,visit,pending,1,null,null,null,null,null,null]"), summary);
  }
}
