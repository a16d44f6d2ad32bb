package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.visitrank.features.LoanFeatures;
import com.visitrank.io.Warehouse;
import com.visitrank.model.Scorer;
import com.visitrank.model.Trainer;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The train job end to end on the bundled data-samples bank. */
@ExtendWith(SparkSessionExtension.class)
class TrainJobTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));

  /**
   * Validation AUC floor on data-samples (about 0.79 measured with 12 months; margin for
   * the shorter window and for noise).
   */
  private static final double AUC_FLOOR = 0.70;

  @TempDir
  Path dir;

  /**
   * Training as of a date sees only labels known then: a snapshot recomputed after later data
   * arrived has labels whose horizon ends after the as-of date, and they are left out.
   */
  @Test
  void labelsWhoseHorizonEndsAfterTheAsOfDateAreNotTrainedOn(SparkSession spark) {
    StructType schema = new StructType().add("loan_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType)
        .add("label_long_overdue_60d", DataTypes.BooleanType)
        .add("label_default_next_month", DataTypes.BooleanType);
    Dataset<Row> snapshots = spark.createDataFrame(List.of(
        RowFactory.create("a", Date.valueOf("2025-10-31"), true, true),
        RowFactory.create("b", Date.valueOf("2025-11-02"), false, null),
        RowFactory.create("c", Date.valueOf("2025-11-30"), false, false),
        RowFactory.create("d", Date.valueOf("2025-09-30"), null, true)), schema);
    LoanFeatures.Horizons horizons = new LoanFeatures.Horizons(60, 30, 30, 90);
    LocalDate asOf = LocalDate.of(2025, 12, 31);

    assertEquals(List.of("a"), ids(snapshots.filter(TrainJob.knownAt("label_long_overdue_60d",
        horizons, asOf))));
    assertEquals(List.of("a", "b"), ids(snapshots.filter(TrainJob.knownAt(
        "label_long_overdue_60d", horizons, asOf.plusDays(1)))));
    // A label the features job does not define: known when not null.
    assertEquals(List.of("a", "c", "d"), ids(snapshots.filter(TrainJob.knownAt(
        "label_default_next_month", horizons, asOf))));
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.orderBy("loan_id").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void trainsOutOfTimeRegistersTheChampionAndKeepsItAgainstAnEqualModel(SparkSession spark)
      throws Exception {
    String wh = "visitrank.warehouse=" + dir;
    assertEquals(0, Cli.run("pipeline", "--set", wh, "--set", "visitrank.samples="
        + ROOT.resolve("data-samples"), "--set", "pipeline.until=features").code());
    Cli.Run run = Cli.run("train", "--set", wh, "--set", "visitrank.as-of=2025-12-31",
        "--set", "train.window-months=6", "--set", "train.gbt.iterations=8");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("champion: the first model"), run.out());
    assertEquals("20251231-1\n", Files.readString(dir.resolve("models/delinquency/champion")));

    Path version = dir.resolve("models/delinquency/20251231-1");
    JsonNode meta = new ObjectMapper().readTree(version.resolve("metadata.json").toFile());
    assertEquals("label_long_overdue_60d", meta.get("label").asText());
    assertEquals("[\"2025-09-30\",\"2025-10-31\"]",
        meta.get("training_window").get("validation_dates").toString());
    assertEquals(6, meta.get("training_window").get("fit_dates").size());
    assertEquals("2025-08-31", meta.get("training_window").get("fit_dates").get(5).asText());
    double auc = meta.get("metrics").get("auc").asDouble();
    assertTrue(auc >= AUC_FLOOR, "validation AUC " + auc + " below the floor " + AUC_FLOOR);
    assertEquals(10, meta.get("metrics").get("deciles").size());
    assertTrue(meta.get("metrics").get("feature_psi").has("dpd"));
    assertEquals(2, meta.get("candidates").size());
    assertEquals(8, meta.get("settings").get("gbt").get("iterations").asInt());
    assertEquals(5, meta.get("settings").get("gbt").get("folds").asInt());
    assertEquals("balanced", meta.get("settings").get("gbt").get("class_weights").asText());
    assertEquals("all", meta.get("settings").get("gbt").get("feature_subset").asText());
    assertTrue(meta.get("settings").get("gbt").get("select_trees").asBoolean());
    assertEquals("auto", meta.get("settings").get("gbt").get("scorecard_weight").asText());
    JsonNode candidates = meta.get("candidates");
    for (JsonNode candidate : candidates) {
      JsonNode trees = candidate.get("trees");
      double weight = candidate.get("scorecard_weight").asDouble();
      if (candidate.get("kind").asText().equals("scorecard")) {
        assertEquals(0, trees.size());
        assertEquals(0.0, weight);
        continue;
      }
      assertTrue(Trainer.Gbt.BLEND_WEIGHTS.contains(weight), "scorecard weight " + weight);
      assertTrue(run.out().contains("scorecard weight = " + weight + " (chosen on held-out"
          + " rows)"), run.out());
      assertEquals(5, trees.size(), "one count per member");
      int kept = trees.get(0).asInt();
      assertTrue(kept >= 1 && kept <= 8, "trees kept " + kept);
      trees.forEach(t -> assertEquals(kept, t.asInt(), "every member keeps as many"));
      assertTrue(run.out().contains("trees = " + kept + " of 8 per model (chosen on held-out"
          + " rows)"), run.out());
    }

    Dataset<Row> validation = spark.read().parquet(version.resolve("validation").toString());
    assertEquals(List.of("loan_id", "as_of_date", "label", "probability"),
        List.of(validation.columns()));
    Row range = validation.agg(min("as_of_date"), max("as_of_date"), min("probability"),
        max("probability")).first();
    assertEquals(Date.valueOf("2025-09-30"), range.getDate(0));
    assertEquals(Date.valueOf("2025-10-31"), range.getDate(1));
    assertTrue(range.getDouble(2) >= 0 && range.getDouble(3) <= 1);

    Scorer champion = ModelRegistry.champion(new Warehouse(spark, dir.toString()),
        "delinquency");
    Dataset<Row> today = spark.read().parquet(dir.resolve("features/loans").toString())
        .filter(col("as_of_date").equalTo(Date.valueOf("2025-12-31")).and(col("dpd").gt(0)));
    Dataset<Row> scored = champion.score(today);
    assertEquals(today.count(), scored.count());
    assertEquals(0, scored.filter(size(col(Scorer.REASON_CODES)).gt(3)).count());
    Row riskiest = scored.orderBy(col(Scorer.PROBABILITY).desc(), col("loan_id")).first();
    assertTrue(riskiest.getList(riskiest.fieldIndex(Scorer.REASON_CODES)).size() > 0);

    Cli.Run again = Cli.run("train", "--set", wh, "--set", "visitrank.as-of=2025-12-31",
        "--set", "train.window-months=6", "--set", "train.candidates=scorecard");
    assertEquals(0, again.code(), again.err());
    assertTrue(Files.exists(dir.resolve("models/delinquency/20251231-2/metadata.json")));
    assertTrue(again.out().contains("kept the champion"), again.out());
    assertEquals("20251231-1\n", Files.readString(dir.resolve("models/delinquency/champion")));

    // A warehouse upgraded from an earlier version: two snapshots, one the training needs and
    // one older than any it reads (the table's first partition), lack today's
    // late_payments_12m and payments_12m.
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    String oldest = "2024-06-30";
    for (String date : List.of(oldest, "2025-10-31")) {
      Dataset<Row> earlier = spark.read().parquet(dir.resolve(
              "features/loans/as_of_date=2025-10-31").toString())
          .drop("late_payments_12m", "payments_12m")
          .withColumn("as_of_date", lit(Date.valueOf(date)));
      warehouse.stage(earlier, Warehouse.FEATURES, FeaturesJob.TABLE, "earlier", "as_of_date");
      warehouse.commitPartitions(Warehouse.FEATURES, FeaturesJob.TABLE, "as_of_date", "earlier");
    }
    Cli.Run upgraded = Cli.run("train", "--set", wh, "--set", "visitrank.as-of=2025-12-31",
        "--set", "train.window-months=6", "--set", "train.candidates=scorecard");
    assertEquals(0, upgraded.code(), upgraded.err());
    assertTrue(upgraded.out().contains("1 month end(s) of features/loans written by an earlier"
        + " version (2025-10-31 lacks payments_12m, late_payments_12m)"), upgraded.out());
    assertTrue(upgraded.out().contains("computing features for 2025-10-31 .. 2025-12-31"),
        upgraded.out());
    Map<String, Set<String>> columns = warehouse.partitionColumns(Warehouse.FEATURES,
        FeaturesJob.TABLE, "as_of_date");
    assertTrue(columns.get("2025-10-31").contains("late_payments_12m"));
    assertFalse(columns.get(oldest).contains("late_payments_12m"), "outside the window: kept");
    JsonNode trained = new ObjectMapper().readTree(dir.resolve(
        "models/delinquency/20251231-3/metadata.json").toFile());
    List<String> names = new ArrayList<>();
    trained.get("features").forEach(f -> names.add(f.get("name").asText()));
    assertTrue(names.contains("late_payments_12m"), names.toString());
  }

  @Test
  void aBadTrainKeyFailsBeforeSparkStarts() {
    Cli.Run run = Cli.run("train", "--set", "visitrank.as-of=2025-12-31",
        "--set", "train.population=everyone");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("train.population"), run.err());
  }
}
