package com.visitrank.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigLoader;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.EvaluateSettings;
import com.visitrank.io.Warehouse;
import com.visitrank.report.ReportData;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class ModelMonitorTest {

  private static final int LOANS = 40;
  private static final Date OLD = Date.valueOf("2024-01-31");
  private static final Date VALIDATED = Date.valueOf("2025-09-30");
  private static final Date PLANNED = Date.valueOf("2025-12-31");

  @TempDir
  Path dir;

  /**
   * The feature PSI compares the snapshots of the validation rows' date and of the plan's date
   * only. An older snapshot, written by an earlier version without {@code paid_to_due_3m}, sits
   * first in the table: read as a whole, the table would take its schema from that snapshot and
   * the feature would silently vanish from the PSI.
   */
  @Test
  void featurePsiReadsTheComparedSnapshotsWithTheirOwnColumns(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    StructType old = new StructType().add("loan_id", DataTypes.StringType)
        .add("dpd", DataTypes.IntegerType).add("as_of_date", DataTypes.DateType);
    StructType current = new StructType().add("loan_id", DataTypes.StringType)
        .add("dpd", DataTypes.IntegerType).add("paid_to_due_3m", DataTypes.DoubleType)
        .add("as_of_date", DataTypes.DateType);
    publishSnapshot(warehouse, spark.createDataFrame(rows(i -> RowFactory.create(loan(i), i,
        OLD)), old), "old");
    // The same DPD at both dates; paid-to-due spread over [0, 1) at validation, crowded into
    // [0, 0.25) at the plan.
    publishSnapshot(warehouse, spark.createDataFrame(rows(i -> RowFactory.create(loan(i), i,
        i / (double) LOANS, VALIDATED)), current), "validated");
    publishSnapshot(warehouse, spark.createDataFrame(rows(i -> RowFactory.create(loan(i), i,
        (i % 10) / (double) LOANS, PLANNED)), current), "planned");
    warehouse.publish(spark.createDataFrame(rows(i -> RowFactory.create(loan(i), VALIDATED,
        i % 2 == 0, (i + 0.5) / LOANS)), new StructType().add("loan_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType).add("label", DataTypes.BooleanType)
        .add("probability", DataTypes.DoubleType)), Warehouse.MODELS,
        "delinquency/v1/validation", "train");
    Dataset<Row> planOutcomes = spark.createDataFrame(rows(i -> RowFactory.create(PLANNED,
        loan(i), 30, (i + 0.5) / LOANS, i % 2 == 0, "v1")), new StructType()
        .add("plan_date", DataTypes.DateType).add("loan_id", DataTypes.StringType)
        .add("horizon_days", DataTypes.IntegerType).add("probability", DataTypes.DoubleType)
        .add("realised_label", DataTypes.BooleanType)
        .add("model_version", DataTypes.StringType));

    ReportData.Monitoring monitoring = new ModelMonitor(context(spark), settings())
        .run(planOutcomes, new String[1]);

    assertNull(monitoring.psiNote());
    Map<String, ReportData.Psi> psi = monitoring.psi().stream()
        .collect(Collectors.toMap(ReportData.Psi::item, p -> p));
    assertEquals(List.of("dpd", "paid_to_due_3m", "score"), psi.keySet().stream().sorted()
        .toList(), "the feature the old snapshot lacks is measured");
    assertEquals(0.0, psi.get("dpd").value(), 1e-12, "the same DPD at both dates");
    assertEquals(0.0, psi.get("score").value(), 1e-12, "the same scores");
    assertTrue(psi.get("paid_to_due_3m").value() > 0.25, psi.toString());
    assertEquals("alert", psi.get("paid_to_due_3m").flag());
  }

  private static void publishSnapshot(Warehouse warehouse, Dataset<Row> rows, String runId) {
    warehouse.stage(rows, Warehouse.FEATURES, FeaturesJob.TABLE, runId, "as_of_date");
    warehouse.commitPartitions(Warehouse.FEATURES, FeaturesJob.TABLE, "as_of_date", runId);
  }

  private static List<Row> rows(IntFunction<Row> row) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < LOANS; i++) {
      rows.add(row.apply(i));
    }
    return rows;
  }

  private static String loan(int i) {
    return String.format("L%02d", i);
  }

  private ConfigReader reader() {
    return new ConfigReader(ConfigLoader.load(List.of(), List.of("visitrank.warehouse=" + dir,
        "visitrank.as-of=2026-01-31", "evaluate.monitoring.model-name=delinquency",
        "evaluate.monitoring.psi-features=dpd,paid_to_due_3m"), Map.of()));
  }

  private EvaluateSettings settings() {
    return EvaluateSettings.read(reader());
  }

  private JobContext context(SparkSession spark) {
    ConfigReader reader = reader();
    return new JobContext(spark, reader.config(), CommonSettings.read(reader), "evaluate",
        List.of("visitrank", "evaluate"), System.out);
  }
}
