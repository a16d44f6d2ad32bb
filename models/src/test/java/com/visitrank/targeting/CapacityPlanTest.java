package com.visitrank.targeting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class CapacityPlanTest {

  static final LocalDate AS_OF = LocalDate.of(2025, 12, 31);
  static final CapacityPlan.Hours HOURS =
      new CapacityPlan.Hours("08:00-21:00", "18:00-21:00", "10:00-18:00");

  static Dataset<Row> teams(SparkSession spark) {
    return spark.createDataFrame(List.of(
            team("TA", "R1", "D1;D2", 2, "100.00", "MON,TUE,WED,THU,FRI,SAT,SUN", "08:00-21:00"),
            team("TB", "R1", "D3", 1, "200.00", "MON, TUE, WED, THU, FRI", "09:00-17:00"),
            team("TC", "R2", "E1", 1, "150.00", "MON,TUE,WED,THU,FRI,SAT,SUN", "07:00-23:00")),
        StructType.fromDDL("team_id string, region string, districts string, visits_per_day int,"
            + " cost_per_visit decimal(18,2), working_days string, working_hours string"));
  }

  private static Row team(String id, String region, String districts, int perDay, String cost,
      String days, String hours) {
    return RowFactory.create(id, region, districts, perDay, new BigDecimal(cost), days, hours);
  }

  private static List<String> strings(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).collect(Collectors.toList());
  }

  /**
   * 2025-12-31 is a Wednesday. TA works every day: Thursday and Friday evenings, Saturday daytime.
   * TB works weekdays 09-17, so its evening preference is cut to its hours and its third day is
   * Monday. TC's long hours are cut to the legal ones.
   */
  @Test
  void slotsPreferEveningsAndWeekendsInsideLegalAndWorkingHours(SparkSession spark) {
    Dataset<Row> slots = CapacityPlan.slots(teams(spark), AS_OF, 3, HOURS)
        .select(col("team_id"), col("team_order"), col("visit_date").cast("string"),
            col("time_window"), col("slot"), col("cost_per_visit"))
        .orderBy("team_id", "visit_date", "slot");
    assertEquals(List.of(
        "[TA,1,2026-01-01,18:00-21:00,1,100.0]", "[TA,1,2026-01-01,18:00-21:00,2,100.0]",
        "[TA,1,2026-01-02,18:00-21:00,1,100.0]", "[TA,1,2026-01-02,18:00-21:00,2,100.0]",
        "[TA,1,2026-01-03,10:00-18:00,1,100.0]", "[TA,1,2026-01-03,10:00-18:00,2,100.0]",
        "[TB,2,2026-01-01,09:00-17:00,1,200.0]", "[TB,2,2026-01-02,09:00-17:00,1,200.0]",
        "[TB,2,2026-01-05,09:00-17:00,1,200.0]",
        "[TC,1,2026-01-01,18:00-21:00,1,150.0]", "[TC,1,2026-01-02,18:00-21:00,1,150.0]",
        "[TC,1,2026-01-03,10:00-18:00,1,150.0]"), strings(slots));
    for (Row row : slots.collectAsList()) {
      String window = row.getString(3);
      assertTrue(window.compareTo("08:00") >= 0 && window.substring(6).compareTo("21:00") <= 0,
          "inside legal hours: " + window);
    }
    assertEquals(List.of("[R1,9,133.33,200.0]", "[R2,3,150.0,150.0]"), CapacityPlan.capacity(
            slots.withColumn("region", when(col("team_id").equalTo("TC"), "R2")
                .otherwise("R1")))
        .selectExpr("region", "capacity", "round(region_cost, 2)", "region_max_cost")
        .orderBy("region")
        .collectAsList().stream().map(Row::toString).toList());
  }

  static Dataset<Row> candidates(SparkSession spark, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String bucket = i % 3 == 0 ? "M2" : "M1";
      rows.add(RowFactory.create(String.format("L%03d", i), i % 4 == 0 ? "R2" : "R1",
          "D" + (i % 3 + 1), bucket, 1000.0 - i));
    }
    return spark.createDataFrame(rows, StructType.fromDDL("loan_id string, region string,"
        + " district string, bucket string, expected_gain double"));
  }

  @Test
  void theControlShareIsExactPerRegionStratifiedByBucketAndVisitsFitCapacity(
      SparkSession spark) {
    Dataset<Row> capacity = spark.createDataFrame(List.of(RowFactory.create("R1", 40L, 100.0),
            RowFactory.create("R2", 8L, 100.0)),
        StructType.fromDDL("region string, capacity bigint, region_cost double"));
    Dataset<Row> selected = CapacityPlan.select(candidates(spark, 200), capacity, 0.2, 42);
    List<Row> perRegion = selected.groupBy("region").agg(count(lit(1)),
            sum(when(col("control_group"), 1).otherwise(0)), org.apache.spark.sql.functions.min(
                "expected_gain"))
        .orderBy("region").collectAsList();
    assertEquals("[[R1,50,10,934.0], [R2,10,2,964.0]]", perRegion.toString(),
        "R1: floor(40 / 0.8) = 50 best loans, 10 held out, 40 visited; R2: 10, 2, 8");
    for (Row stratum : selected.groupBy("region", "bucket").agg(count(lit(1)),
        sum(when(col("control_group"), 1).otherwise(0))).collectAsList()) {
      double expected = stratum.getLong(2) * 0.2;
      assertTrue(Math.abs(stratum.getLong(3) - expected) <= 1, "stratum " + stratum);
    }
    List<String> again = CapacityPlan.select(candidates(spark, 200), capacity, 0.2, 42)
        .filter(col("control_group")).select("loan_id").orderBy("loan_id")
        .as(Encoders.STRING()).collectAsList();
    List<String> controls = selected.filter(col("control_group")).select("loan_id")
        .orderBy("loan_id").as(Encoders.STRING()).collectAsList();
    assertEquals(controls, again, "same seed, same control group");
    List<String> otherSeed = CapacityPlan.select(candidates(spark, 200), capacity, 0.2, 43)
        .filter(col("control_group")).select("loan_id").orderBy("loan_id")
        .as(Encoders.STRING()).collectAsList();
    assertNotEquals(controls, otherSeed, "another seed, another draw");
  }

  /**
   * TA covers D1 and D2 (6 slots), TB covers D3 (3 slots). TA's five loans go by district then
   * gain; TB's fourth loan overflows to TA's last free slot. Controls take their own team's
   * first slots without using capacity.
   */
  @Test
  void visitsFillTheirTeamsSlotsByDistrictAndOverflowToFreeSlots(SparkSession spark) {
    Dataset<Row> selected = spark.createDataFrame(List.of(
            sel("a1", "D1", 50, false), sel("a2", "D1", 40, false), sel("a3", "D2", 90, false),
            sel("a4", "D2", 10, false), sel("a5", "D1", 30, false), sel("b1", "D3", 80, false),
            sel("b2", "D3", 70, false), sel("b3", "D3", 60, false), sel("b4", "D3", 20, false),
            sel("c1", "D3", 65, true), sel("c2", "D1", 45, true)),
        StructType.fromDDL("loan_id string, region string, district string,"
            + " expected_gain double, control_group boolean"));
    Dataset<Row> teams = teams(spark);
    Dataset<Row> slots = CapacityPlan.slots(teams, AS_OF, 3, HOURS);
    Dataset<Row> assigned = CapacityPlan.assign(selected, slots, teams)
        .select(col("loan_id"), col("district"), col("control_group"), col("team_id"),
            col("suggested_visit_date").cast("string"), col("time_window"), col("visit_cost"))
        .orderBy("loan_id");
    assertEquals(List.of(
        "[a1,D1,false,TA,2026-01-01,18:00-21:00,100.0]",
        "[a2,D1,false,TA,2026-01-01,18:00-21:00,100.0]",
        "[a3,D2,false,TA,2026-01-02,18:00-21:00,100.0]",
        "[a4,D2,false,TA,2026-01-03,10:00-18:00,100.0]",
        "[a5,D1,false,TA,2026-01-02,18:00-21:00,100.0]",
        "[b1,D3,false,TB,2026-01-01,09:00-17:00,200.0]",
        "[b2,D3,false,TB,2026-01-02,09:00-17:00,200.0]",
        "[b3,D3,false,TB,2026-01-05,09:00-17:00,200.0]",
        "[b4,D3,false,TA,2026-01-03,10:00-18:00,100.0]",
        "[c1,D3,true,TB,2026-01-01,09:00-17:00,200.0]",
        "[c2,D1,true,TA,2026-01-01,18:00-21:00,100.0]"), strings(assigned));
  }

  /** However many loans compete, no team makes more visits on a day than it can. */
  @Test
  void noTeamExceedsItsVisitsPerDay(SparkSession spark) {
    Dataset<Row> teams = teams(spark);
    Dataset<Row> slots = CapacityPlan.slots(teams, AS_OF, 3, HOURS);
    Dataset<Row> selected = CapacityPlan.select(candidates(spark, 120),
        CapacityPlan.capacity(slots), 0.2, 1);
    Dataset<Row> perDay = CapacityPlan.assign(selected, slots, teams)
        .filter(col("control_group").equalTo(false))
        .groupBy("team_id", "suggested_visit_date").count()
        .join(teams.select("team_id", "visits_per_day"), "team_id");
    assertEquals(12, perDay.agg(sum("count")).first().getLong(0), "every slot used");
    assertTrue(perDay.filter(col("count").gt(col("visits_per_day"))).isEmpty());
  }

  private static Row sel(String id, String district, double gain, boolean control) {
    return RowFactory.create(id, "R1", district, gain, control);
  }
}
