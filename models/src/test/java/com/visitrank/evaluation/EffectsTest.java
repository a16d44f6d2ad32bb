package com.visitrank.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.SparkSessionExtension;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class EffectsTest {

  /** A matured 30-day plan outcome with the given arm, team, recovered, pre-paid and cost. */
  private static Row outcome(boolean control, String team, double recovered, double prePaid,
      double cost, boolean matured) {
    Object[] v = new Object[EvaluationTables.PLAN_OUTCOMES_SCHEMA.size()];
    StructField[] fields = EvaluationTables.PLAN_OUTCOMES_SCHEMA.fields();
    for (int i = 0; i < fields.length; i++) {
      v[i] = switch (fields[i].name()) {
        case "plan_date" -> Date.valueOf("2025-01-31");
        case "loan_id" -> team + recovered + control;
        case "team_id" -> team;
        case "control_group" -> control;
        case "region" -> "R1";
        case "product" -> "consumer";
        case "segment" -> "salaried";
        case "bucket_at_plan" -> "M1";
        case "pre_paid" -> prePaid;
        case "horizon_days" -> 30;
        case "matured" -> matured;
        case "cured" -> recovered > 150;
        case "rolled_forward" -> false;
        case "recovered" -> recovered;
        case "visits" -> control ? 0 : 1;
        case "met" -> !control;
        case "cost" -> cost;
        default -> null;
      };
    }
    return RowFactory.create(v);
  }

  private static Row find(List<Row> effects, String metric, String dimension, String group) {
    return effects.stream().filter(r -> r.getString(1).equals(metric)
        && r.getString(2).equals(dimension) && r.getString(3).equals(group)).findFirst()
        .orElseThrow();
  }

  @Test
  void effectsOverallAndTooFewToSayInASmallTeam(SparkSession spark) {
    List<Row> rows = new ArrayList<>(List.of(
        outcome(false, "A", 100, 0, 50, true), outcome(false, "A", 200, 0, 50, true),
        outcome(false, "A", 300, 0, 50, true), outcome(true, "A", 100, 0, 0, true),
        outcome(true, "A", 100, 0, 0, true), outcome(true, "A", 200, 0, 0, true),
        outcome(false, "B", 400, 0, 50, true), outcome(true, "B", 200, 0, 0, true),
        outcome(false, "B", 9999, 0, 50, false)));
    List<Row> moments = Effects.moments(spark.createDataFrame(rows,
        EvaluationTables.PLAN_OUTCOMES_SCHEMA)).collectAsList();
    List<Row> effects = Effects.estimate(moments, 3);

    // All: planned 100, 200, 300, 400 (mean 250, var 16666.67); control 100, 100, 200, 200
    // (mean 150, var 3333.33); the pending row is left out. se = sqrt(4166.67 + 833.33)
    Row all = find(effects, "recovered", "all", "all");
    assertEquals(4L, all.getLong(4));
    assertEquals(4L, all.getLong(5));
    assertFalse(all.getBoolean(8));
    assertEquals(100, all.getDouble(9), 1e-9);
    assertEquals(Math.sqrt(5000), all.getDouble(10), 1e-9);
    assertEquals(1.0, all.getDouble(21), 1e-12);
    assertEquals(0.0, all.getDouble(22), 1e-12);
    assertEquals(100, all.getDouble(23), 1e-9, "everyone planned was met: Wald = ITT");

    // Team A: 3 and 3 (mean 200 vs 133.33); team B has 1 and 1: too few to say.
    Row a = find(effects, "recovered", "team", "A");
    assertEquals(200 - 400.0 / 3, a.getDouble(9), 1e-9);
    Row b = find(effects, "recovered", "team", "B");
    assertTrue(b.getBoolean(8));
    assertNull(b.get(9));
    assertEquals(400.0, b.getDouble(6), 1e-12);

    List<Row> teams = Effects.costEffectiveness(effects);
    Row teamA = teams.stream().filter(r -> r.getString(1).equals("A")).findFirst().orElseThrow();
    // ITT 66.67 per planned loan, 1 visit and 50 of cost per planned loan
    assertEquals(200 - 400.0 / 3, teamA.getDouble(9), 1e-9);
    assertEquals((200 - 400.0 / 3) / 50, teamA.getDouble(10), 1e-9);
    assertEquals(3 * (200 - 400.0 / 3), teamA.getDouble(8), 1e-9);
    Row teamB = teams.stream().filter(r -> r.getString(1).equals("B")).findFirst().orElseThrow();
    assertTrue(teamB.getBoolean(4));
    assertNull(teamB.get(9));
  }
}
