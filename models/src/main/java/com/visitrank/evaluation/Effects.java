package com.visitrank.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The effect of planning a visit (intention to treat: every planned loan against every control
 * loan, visited or not), overall and by group. Spark reduces the matured plan outcomes to
 * per-arm sums ({@link #moments}, a few hundred rows); the statistics are computed from them on
 * the driver ({@link #estimate}).
 */
public final class Effects {

  /** Outcome metrics compared between the arms (booleans as 0/1). */
  public static final List<String> METRICS =
      List.of("recovered", "cured", "rolled_forward", "cost", "visits");

  /** Group dimensions; {@code all} is the whole evaluation. */
  public static final List<String> DIMENSIONS =
      List.of("all", "plan_date", "team", "region", "bucket", "product", "segment");

  private Effects() {}

  /**
   * Per horizon, metric, dimension, group and arm: n, sum_y, sum_y2, sum_x, sum_x2, sum_xy,
   * sum_met (x: {@code pre_paid}), over matured rows only. Columns in that order after
   * {@code horizon_days, metric, dimension, group_value, control_group}.
   */
  public static Dataset<Row> moments(Dataset<Row> planOutcomes) {
    StringBuilder metrics = new StringBuilder("array(");
    for (int i = 0; i < METRICS.size(); i++) {
      String m = METRICS.get(i);
      metrics.append(i > 0 ? ", " : "").append("named_struct('metric', '").append(m)
          .append("', 'y', cast(").append(m).append(" AS DOUBLE))");
    }
    metrics.append(")");
    String groups = "array(named_struct('dimension', 'all', 'group_value', 'all'),"
        + " named_struct('dimension', 'plan_date', 'group_value', cast(plan_date AS STRING)),"
        + " named_struct('dimension', 'team', 'group_value', coalesce(team_id, 'unknown')),"
        + " named_struct('dimension', 'region', 'group_value', coalesce(region, 'unknown')),"
        + " named_struct('dimension', 'bucket', 'group_value', bucket_at_plan),"
        + " named_struct('dimension', 'product', 'group_value', coalesce(product, 'unknown')),"
        + " named_struct('dimension', 'segment', 'group_value', coalesce(segment, 'unknown')))";
    return planOutcomes.filter(col("matured"))
        .withColumn("_m", expr("explode(" + metrics + ")"))
        .withColumn("_g", expr("explode(" + groups + ")"))
        .select(col("horizon_days"), col("_m.metric").as("metric"),
            col("_g.dimension").as("dimension"), col("_g.group_value").as("group_value"),
            col("control_group"), col("_m.y").as("y"),
            expr("coalesce(pre_paid, 0D)").as("x"), expr("cast(met AS DOUBLE)").as("met"))
        .groupBy("horizon_days", "metric", "dimension", "group_value", "control_group")
        .agg(expr("count(1)").as("n"), expr("sum(y)").as("sum_y"),
            expr("sum(y * y)").as("sum_y2"), expr("sum(x)").as("sum_x"),
            expr("sum(x * x)").as("sum_x2"), expr("sum(x * y)").as("sum_xy"),
            expr("sum(met)").as("sum_met"));
  }

  /** The sums of one {@link #moments} row. */
  public static Stats.Moments momentsOf(Row row) {
    return new Stats.Moments(row.getLong(row.fieldIndex("n")),
        row.getDouble(row.fieldIndex("sum_y")), row.getDouble(row.fieldIndex("sum_y2")),
        row.getDouble(row.fieldIndex("sum_x")), row.getDouble(row.fieldIndex("sum_x2")),
        row.getDouble(row.fieldIndex("sum_xy")), row.getDouble(row.fieldIndex("sum_met")));
  }

  /**
   * The effect rows ({@link EvaluationTables#EFFECTS_SCHEMA} without the evaluation date) of
   * collected {@link #moments} rows. A group with fewer than {@code minGroupSize} rows in either
   * arm is marked {@code too_few} and carries counts only.
   */
  public static List<Row> estimate(List<Row> moments, long minGroupSize) {
    Map<List<Object>, Stats.Moments[]> arms = new LinkedHashMap<>();
    for (Row row : moments) {
      List<Object> key = List.of(row.getInt(0), row.getString(1), row.getString(2),
          row.getString(3));
      arms.computeIfAbsent(key, k -> new Stats.Moments[2])[row.getBoolean(4) ? 1 : 0] =
          momentsOf(row);
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<List<Object>, Stats.Moments[]> entry : arms.entrySet()) {
      List<Object> k = entry.getKey();
      Stats.Moments t = entry.getValue()[0];
      Stats.Moments c = entry.getValue()[1];
      long nT = t == null ? 0 : t.n();
      long nC = c == null ? 0 : c.n();
      boolean tooFew = nT < Math.max(2, minGroupSize) || nC < Math.max(2, minGroupSize);
      Object[] v = new Object[26];
      v[0] = k.get(0);
      v[1] = k.get(1);
      v[2] = k.get(2);
      v[3] = k.get(3);
      v[4] = nT;
      v[5] = nC;
      v[6] = t == null ? null : t.meanY();
      v[7] = c == null ? null : c.meanY();
      v[8] = tooFew;
      if (!tooFew) {
        Stats.Estimate itt = Stats.itt(t, c);
        Stats.Estimate cuped = Stats.cuped(t, c);
        put(v, 9, itt);
        put(v, 14, cuped);
        double reduction = itt.se() > 0 ? 1 - (cuped.se() * cuped.se()) / (itt.se() * itt.se())
            : 0;
        v[19] = reduction;
        v[20] = reduction > 0;
        v[21] = t.metShare();
        v[22] = c.metShare();
        Stats.Estimate wald = Stats.wald(itt, t, c);
        if (wald != null) {
          v[23] = wald.effect();
          v[24] = wald.low();
          v[25] = wald.high();
        }
      }
      out.add(RowFactory.create(v));
    }
    out.sort((a, b) -> {
      int h = Integer.compare(a.getInt(0), b.getInt(0));
      if (h != 0) {
        return h;
      }
      int m = Integer.compare(METRICS.indexOf(a.getString(1)), METRICS.indexOf(b.getString(1)));
      if (m != 0) {
        return m;
      }
      int d = Integer.compare(DIMENSIONS.indexOf(a.getString(2)),
          DIMENSIONS.indexOf(b.getString(2)));
      return d != 0 ? d : a.getString(3).compareTo(b.getString(3));
    });
    return out;
  }

  private static void put(Object[] v, int at, Stats.Estimate e) {
    v[at] = e.effect();
    v[at + 1] = e.se();
    v[at + 2] = e.low();
    v[at + 3] = e.high();
    v[at + 4] = e.pValue();
  }

  /**
   * Cost-effectiveness by team ({@link EvaluationTables#COST_EFFECTIVENESS_SCHEMA} without the
   * evaluation date) from {@link #estimate} rows: the incremental amount recovered per planned
   * loan (the recovered ITT) against the visits and cost per planned loan.
   */
  public static List<Row> costEffectiveness(List<Row> effects) {
    Map<List<Object>, Row[]> byTeam = new LinkedHashMap<>();
    for (Row e : effects) {
      if (!e.getString(2).equals("team")) {
        continue;
      }
      int slot = switch (e.getString(1)) {
        case "recovered" -> 0;
        case "visits" -> 1;
        case "cost" -> 2;
        default -> -1;
      };
      if (slot >= 0) {
        byTeam.computeIfAbsent(List.of(e.getInt(0), e.getString(3)), k -> new Row[3])[slot] = e;
      }
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<List<Object>, Row[]> entry : byTeam.entrySet()) {
      Row recovered = entry.getValue()[0];
      Row visits = entry.getValue()[1];
      Row cost = entry.getValue()[2];
      boolean tooFew = recovered.getBoolean(8);
      Double gain = tooFew ? null : recovered.getDouble(9);
      Double visitsPer = visits.isNullAt(6) ? null : visits.getDouble(6);
      Double costPer = cost.isNullAt(6) ? null : cost.getDouble(6);
      out.add(RowFactory.create(entry.getKey().get(0), entry.getKey().get(1),
          recovered.getLong(4), recovered.getLong(5), tooFew, visitsPer, costPer, gain,
          gain == null ? null : gain * recovered.getLong(4),
          ratio(gain, visitsPer), ratio(gain, costPer)));
    }
    return out;
  }

  private static Double ratio(Double a, Double b) {
    return a == null || b == null || b <= 0 ? null : a / b;
  }
}
