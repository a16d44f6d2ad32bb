package com.visitrank.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
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
class FindingsTest {

  private static Row met(String loan, String reason, String product, boolean verified,
      boolean control) {
    Object[] v = new Object[EvaluationTables.PLAN_OUTCOMES_SCHEMA.size()];
    StructField[] fields = EvaluationTables.PLAN_OUTCOMES_SCHEMA.fields();
    for (int i = 0; i < fields.length; i++) {
      v[i] = switch (fields[i].name()) {
        case "loan_id" -> loan;
        case "control_group" -> control;
        case "product" -> product;
        case "segment" -> "farmer";
        case "bucket_at_plan" -> "M2";
        case "dpd_at_plan" -> 40;
        case "pre_paid" -> 100.0;
        case "overdue_reason" -> reason;
        case "ability" -> "able";
        case "willingness" -> verified ? "willing" : "refuses";
        case "info_verified" -> verified;
        case "agreed_action" -> "promise_to_pay";
        case "horizon_days" -> 30;
        case "matured" -> true;
        case "cured" -> verified;
        case "recovered" -> verified ? 300.0 : 0.0;
        default -> null;
      };
    }
    return RowFactory.create(v);
  }

  private static Dataset<Row> outcomes(SparkSession spark) {
    return spark.createDataFrame(new ArrayList<>(List.of(
        met("L1", "illness", "consumer", true, false),
        met("L2", "illness", "business", true, false),
        met("L3", "illness", "business", false, false),
        met("L4", "suspected_fraud", "consumer", false, false),
        met("L5", "illness", "consumer", true, true))),
        EvaluationTables.PLAN_OUTCOMES_SCHEMA);
  }

  @Test
  void reasonsBySegmentWithTooFewToSay(SparkSession spark) {
    List<String> rows = Findings.findings(outcomes(spark), 3)
        .filter("finding = 'overdue_reason' AND segment_dimension IN ('all', 'product')")
        .orderBy("segment_dimension", "segment_value", "finding_value").collectAsList()
        .stream().map(Row::toString).toList();
    // The control row (L5) is not a visit finding. Illness: 3 of 4 met, one failed check.
    assertEquals(List.of(
        "[overdue_reason,illness,all,all,3,0.75,1,0.6666666666666666,200.0,false]",
        "[overdue_reason,suspected_fraud,all,all,1,0.25,1,null,null,true]",
        "[overdue_reason,illness,product,business,2,1.0,1,null,null,true]",
        "[overdue_reason,illness,product,consumer,1,0.5,0,null,null,true]",
        "[overdue_reason,suspected_fraud,product,consumer,1,0.5,1,null,null,true]"), rows);
  }

  @Test
  void traitsOfEachKindOfOverdueBorrower(SparkSession spark) {
    List<String> rows = Findings.traits(outcomes(spark)).collectAsList().stream()
        .map(Row::toString).toList();
    assertEquals(List.of(
        "[illness,3,40.0,1.0,100.0,business,0.6666666666666666,farmer,1.0,0.0,"
            + "0.3333333333333333,0.3333333333333333]",
        "[suspected_fraud,1,40.0,1.0,100.0,consumer,1.0,farmer,1.0,0.0,1.0,1.0]"), rows);
  }
}
