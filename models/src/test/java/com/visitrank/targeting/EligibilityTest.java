package com.visitrank.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class EligibilityTest {

  static final LocalDate AS_OF = LocalDate.of(2025, 12, 31);
  static final Eligibility.Rules RULES = new Eligibility.Rules(true, 1, 3, 0.0, true, 1, 1,
      true, 31, true, 1000, true, 30, true);

  static Dataset<Row> features(SparkSession spark) {
    StructType schema = StructType.fromDDL("loan_id string, dpd int, overdue_amount decimal(18,2),"
        + " contact_attempts_90d int, reach_rate_90d double, invalid_number_90d int,"
        + " promises_broken_90d int, refusals_90d int, in_litigation boolean,"
        + " days_since_visit int");
    return spark.createDataFrame(List.of(
        row("L01", 0, "5000", 5, 0.0, 2, 3, 1, false, null),
        row("L02", 10, "200", 1, 1.0, 1, 0, 0, false, null),
        row("L03", 45, "500", 2, 0.5, 0, 0, 0, false, null),
        row("L04", 5, "2000", 2, 0.5, 0, 1, 0, false, null),
        row("L05", 40, "500", 0, null, 0, 0, 0, true, null),
        row("L06", 40, "500", 0, null, 0, 0, 0, false, 10),
        row("L07", 40, "500", 0, null, 0, 0, 0, false, 45),
        row("L08", 10, "200", 2, 0.5, 0, 0, 0, false, null),
        row("L09", 60, "5000", 0, null, 0, 0, 0, false, null),
        row("L10", 3, "100", 4, 0.0, 0, 0, 0, false, null),
        row("L11", 3, "100", 4, 0.0, 0, 0, 1, false, 30)), schema);
  }

  private static Row row(String id, int dpd, String amount, Integer attempts, Double reach,
      int invalid, int broken, int refusals, boolean litigation, Integer sinceVisit) {
    return RowFactory.create(id, dpd, new BigDecimal(amount), attempts, reach, invalid, broken,
        refusals, litigation, sinceVisit);
  }

  static Dataset<Row> loans(SparkSession spark) {
    return spark.createDataFrame(List.of(RowFactory.create("L09", Date.valueOf("2025-12-20")),
            RowFactory.create("L01", null), RowFactory.create("L08", Date.valueOf("2026-01-20"))),
        StructType.fromDDL("loan_id string, written_off_date date"));
  }

  static Dataset<Row> visits(SparkSession spark) {
    return spark.createDataFrame(List.of(
            RowFactory.create("L07", Timestamp.valueOf("2025-10-01 19:00:00"), "dispute"),
            RowFactory.create("L03", Timestamp.valueOf("2025-09-01 19:00:00"), "dispute"),
            RowFactory.create("L03", Timestamp.valueOf("2025-10-01 19:00:00"), "job_loss"),
            RowFactory.create("L08", Timestamp.valueOf("2026-01-05 19:00:00"), "dispute")),
        StructType.fromDDL("loan_id string, visit_time timestamp, overdue_reason string"));
  }

  static Map<String, String> outcome(Dataset<Row> flagged) {
    Map<String, String> result = new TreeMap<>();
    for (Row r : flagged.select("loan_id", Eligibility.TRIGGER_REASONS, Eligibility.EXCLUSION)
        .collectAsList()) {
      result.put(r.getString(0), r.getList(1) + (r.isNullAt(2) ? "" : " " + r.getString(2)));
    }
    return result;
  }

  @Test
  void everyTriggerIsRecordedAndEveryExclusionNamed(SparkSession spark) {
    Dataset<Row> flagged = Eligibility.flag(features(spark), loans(spark),
        Eligibility.disputes(visits(spark), AS_OF, List.of("dispute")), AS_OF, RULES);
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("L01", "[CONTACT_FAILED, DOUBTFUL_WILLINGNESS, LARGE_AMOUNT] NOT_PAST_DUE"),
        Map.entry("L02", "[CONTACT_FAILED]"),
        Map.entry("L03", "[LONG_OVERDUE]"),
        Map.entry("L04", "[DOUBTFUL_WILLINGNESS, LARGE_AMOUNT]"),
        Map.entry("L05", "[LONG_OVERDUE] LITIGATION"),
        Map.entry("L06", "[LONG_OVERDUE] COOL_DOWN"),
        Map.entry("L07", "[LONG_OVERDUE] DISPUTE"),
        Map.entry("L08", "[] NO_TRIGGER"),
        Map.entry("L09", "[LONG_OVERDUE, LARGE_AMOUNT] WRITTEN_OFF"),
        Map.entry("L10", "[CONTACT_FAILED]"),
        Map.entry("L11", "[CONTACT_FAILED, DOUBTFUL_WILLINGNESS]")));
    assertEquals(expected, outcome(flagged));
    assertEquals(List.of("L02", "L03", "L04", "L10", "L11"), Eligibility.eligible(flagged)
        .orderBy("loan_id").select("loan_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
  }

  @Test
  void disabledRulesAndExclusionsDoNotApply(SparkSession spark) {
    Eligibility.Rules rules = new Eligibility.Rules(false, 1, 3, 0.0, true, 1, 1, false, 31,
        true, 1000, false, 0, false);
    Map<String, String> flagged = outcome(Eligibility.flag(features(spark), loans(spark),
        Eligibility.disputes(visits(spark), AS_OF, List.of("dispute")), AS_OF, rules));
    assertEquals("[] NO_TRIGGER", flagged.get("L02"));
    assertEquals("[] NO_TRIGGER", flagged.get("L05"), "litigation not excluded, but no trigger");
    assertEquals("[] NO_TRIGGER", flagged.get("L07"));
    assertEquals("[DOUBTFUL_WILLINGNESS, LARGE_AMOUNT]", flagged.get("L04"));
  }

  @Test
  void onlyTheLatestVisitOnOrBeforeTheAsOfDateCountsAsADispute(SparkSession spark) {
    List<String> disputed = Eligibility.disputes(visits(spark), AS_OF, List.of("dispute"))
        .orderBy("loan_id").select("loan_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
    assertEquals(List.of("L07"), disputed);
  }
}
