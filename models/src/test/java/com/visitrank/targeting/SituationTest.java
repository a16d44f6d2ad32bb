package com.visitrank.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class SituationTest {

  @Test
  void theFirstMatchingSituationChoosesTheApproach(SparkSession spark) {
    StructType schema = StructType.fromDDL("loan_id string, contact_attempts_90d int,"
        + " reach_rate_90d double, invalid_number_90d int, last_visit_outcome string,"
        + " last_visit_ability string, partial_payments_6m int, refusals_90d int,"
        + " promises_broken_90d int, last_visit_willingness string");
    List<Row> rows = List.of(
        RowFactory.create("invalid", 1, 0.5, 1, null, "unable", 2, 1, 1, null),
        RowFactory.create("never-reached", 3, 0.0, 0, null, null, 0, 0, 0, null),
        RowFactory.create("address", 0, null, 0, "address_invalid", null, 0, 0, 0, null),
        RowFactory.create("two-calls", 2, 0.0, 0, null, null, 0, 0, 0, null),
        RowFactory.create("unable", 5, 0.4, 0, "met_borrower", "unable", 0, 1, 0, null),
        RowFactory.create("partial", 5, 0.4, 0, null, null, 1, 0, 2, null),
        RowFactory.create("refuses", 5, 0.4, 0, null, null, 0, 1, 0, null),
        RowFactory.create("broken", 5, 0.4, 0, null, null, 0, 0, 1, null),
        RowFactory.create("visit-refuses", 0, null, 0, "met_borrower", "able", 0, 0, 0,
            "refuses"),
        RowFactory.create("quiet", 5, 0.4, 0, null, null, 0, 0, 0, null));
    Map<String, String> actual = new TreeMap<>();
    for (Row r : Situation.predict(spark.createDataFrame(rows, schema))
        .select("loan_id", Situation.SITUATION, Situation.APPROACH).collectAsList()) {
      actual.put(r.getString(0), r.getString(1) + "/" + r.getString(2));
    }
    String locate = "unreachable/locate_and_verify_contact";
    String restructure = "hardship/instalment_plan_or_restructuring";
    String notice = "unwilling/formal_notice_of_legal_consequences";
    assertEquals(new TreeMap<>(Map.of("invalid", locate, "never-reached", locate,
        "address", locate, "two-calls", "other/payment_reminder", "unable", restructure,
        "partial", restructure, "refuses", notice, "broken", notice, "visit-refuses", notice,
        "quiet", "other/payment_reminder")), actual);
  }
}
