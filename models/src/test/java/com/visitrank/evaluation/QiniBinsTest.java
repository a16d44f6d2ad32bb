package com.visitrank.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.SparkSessionExtension;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class QiniBinsTest {

  private static Row ranked(int rank, boolean control, double recovered, Integer horizon) {
    Object[] v = new Object[EvaluationTables.PLAN_OUTCOMES_SCHEMA.size()];
    StructField[] fields = EvaluationTables.PLAN_OUTCOMES_SCHEMA.fields();
    for (int i = 0; i < fields.length; i++) {
      v[i] = switch (fields[i].name()) {
        case "plan_date" -> Date.valueOf("2025-01-31");
        case "loan_id" -> "L" + rank;
        case "rank" -> rank;
        case "control_group" -> control;
        case "horizon_days" -> horizon;
        case "matured" -> true;
        case "recovered" -> recovered;
        default -> null;
      };
    }
    return RowFactory.create(v);
  }

  /** Ranks 1-4 (top half): visited 100 + 200, control 50 + 50; ranks 5-8: 100 each. */
  private static Dataset<Row> outcomes(SparkSession spark) {
    List<Row> rows = new ArrayList<>(List.of(
        ranked(1, false, 100, 30), ranked(2, true, 50, 30), ranked(3, false, 200, 30),
        ranked(4, true, 50, 30), ranked(5, false, 100, 30), ranked(6, true, 100, 30),
        ranked(7, false, 100, 30), ranked(8, true, 100, 30), ranked(1, false, 999, 60)));
    return spark.createDataFrame(rows, EvaluationTables.PLAN_OUTCOMES_SCHEMA);
  }

  @Test
  void binsCutTheRankingWithinItsPlanDate(SparkSession spark) {
    List<String> bins = Qini.bins(Qini.binned(outcomes(spark), 30, 2)).collectAsList().stream()
        .map(Row::toString).toList();
    assertEquals(List.of("[1,2.0,300.0,2.0,100.0]", "[2,2.0,200.0,2.0,200.0]"), bins);
  }

  @Test
  void bootstrapIsSeededAndWeightsAverageAboutOne(SparkSession spark) {
    Dataset<Row> binned = Qini.binned(outcomes(spark), 30, 2);
    List<Row> first = Qini.bootstrapBins(binned, 50, 7).orderBy("replicate", "bin")
        .collectAsList();
    List<Row> again = Qini.bootstrapBins(binned, 50, 7).orderBy("replicate", "bin")
        .collectAsList();
    assertEquals(first, again);
    double weight = 0;
    for (Row row : first) {
      weight += row.getDouble(2) + row.getDouble(4);
    }
    // 8 rows x 50 replicates of Poisson(1) weights: mean 1, sd of the mean 1/sqrt(400)
    assertTrue(Math.abs(weight / 400 - 1) < 0.2, "mean weight " + weight / 400);
    double[] areas = Qini.bootstrapAreas(first, 50, 2);
    assertEquals(50, areas.length);
  }
}
