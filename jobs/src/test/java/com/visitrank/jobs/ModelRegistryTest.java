package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.visitrank.io.InputError;
import com.visitrank.io.Warehouse;
import com.visitrank.model.Scorer;
import com.visitrank.model.TrainedModel;
import com.visitrank.model.Trainer;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
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

@ExtendWith(SparkSessionExtension.class)
class ModelRegistryTest {

  @TempDir
  Path dir;

  private static Dataset<Row> rows(SparkSession spark) {
    StructType schema = new StructType().add("loan_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType).add("dpd", DataTypes.IntegerType)
        .add("product", DataTypes.StringType).add("label_x", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(RowFactory.create("L" + i, java.sql.Date.valueOf("2025-06-30"), i % 10,
          i % 2 == 0 ? "consumer" : "business", (i / 10) % 10 < i % 10));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static TrainedModel model(SparkSession spark, String version) {
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
        new Trainer.Gbt(3, 2, 0.1, 0.8, 20, true), 1);
    return Trainer.fit(rows(spark), rows(spark), options, List.of(TrainedModel.SCORECARD),
        "risk", version).get(0);
  }

  private static void save(Warehouse warehouse, TrainedModel model, SparkSession spark) {
    Dataset<Row> validation = model.score(rows(spark)).select(col("loan_id"),
        col("as_of_date"), col("label_x").cast("int").as("label"), col(Scorer.PROBABILITY));
    ModelRegistry.save(warehouse, model, new ObjectMapper().createObjectNode(), validation);
  }

  @Test
  void aSavedModelScoresLikeTheFittedOneAndTheChampionSwitches(SparkSession spark)
      throws Exception {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    InputError none = assertThrows(InputError.class,
        () -> ModelRegistry.champion(warehouse, "risk"));
    assertTrue(none.getMessage().startsWith("no champion model risk: run bin/visitrank train"
        + " --set visitrank.as-of=..."), none.getMessage());

    assertEquals("20250630-1", ModelRegistry.nextVersion(warehouse, "risk",
        LocalDate.of(2025, 6, 30)));
    TrainedModel first = model(spark, "20250630-1");
    save(warehouse, first, spark);
    assertEquals("20250630-2", ModelRegistry.nextVersion(warehouse, "risk",
        LocalDate.of(2025, 6, 30)));
    ModelRegistry.promote(warehouse, "risk", "20250630-1");
    Scorer champion = ModelRegistry.champion(warehouse, "risk");
    assertEquals("20250630-1", champion.version());
    assertEquals("label_x", champion.label());
    assertEquals(first.score(rows(spark)).collectAsList(),
        champion.score(rows(spark)).collectAsList());
    Path versionDir = dir.resolve("models/risk/20250630-1");
    assertTrue(Files.exists(versionDir.resolve("metadata.json")));
    Dataset<Row> validation = spark.read().parquet(versionDir.resolve("validation").toString());
    assertEquals(List.of("loan_id", "as_of_date", "label", "probability"),
        List.of(validation.columns()));
    assertEquals(200, validation.count());

    save(warehouse, model(spark, "20250630-2"), spark);
    ModelRegistry.promote(warehouse, "risk", "20250630-2");
    assertEquals("20250630-2", ModelRegistry.champion(warehouse, "risk").version());
    assertEquals("20250630-2\n", Files.readString(dir.resolve("models/risk/champion")));
    assertEquals("20250630-1", ModelRegistry.load(warehouse, "risk", "20250630-1").version());
    assertThrows(IllegalStateException.class, () -> save(warehouse, first, spark));
  }

  @Test
  void aSavedBlendedEnsembleScoresLikeTheFittedOne(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    Trainer.Options options = new Trainer.Options("label_x", Set.of(), 5, 0.05, true, 0.001,
        new Trainer.Gbt(3, 2, 0.1, 0.8, 5, true, 2, "all", false, OptionalDouble.of(0.3)), 1);
    TrainedModel ensemble = Trainer.fit(rows(spark), rows(spark).withColumn("loan_id",
        concat(col("loan_id"), lit("c"))), options, List.of(TrainedModel.GBT), "risk",
        "20250630-1").get(0);
    save(warehouse, ensemble, spark);
    TrainedModel loaded = ModelRegistry.loadModel(warehouse, "risk", "20250630-1");
    assertEquals(2, loaded.members());
    assertEquals(0.3, loaded.scorecardWeight());
    assertEquals(ensemble.score(rows(spark)).collectAsList(),
        loaded.score(rows(spark)).collectAsList());
  }

  @Test
  void scoringChecksThatTheFeaturesExistWithTheRightTypes(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    save(warehouse, model(spark, "20250630-1"), spark);
    Scorer scorer = ModelRegistry.load(warehouse, "risk", "20250630-1");
    InputError missing = assertThrows(InputError.class,
        () -> scorer.score(rows(spark).drop("product")));
    assertTrue(missing.getMessage().contains("lack column(s) product"), missing.getMessage());
    InputError wrong = assertThrows(InputError.class,
        () -> scorer.score(rows(spark).withColumn("dpd", col("dpd").cast("string"))));
    assertTrue(wrong.getMessage().contains("dpd is string, needs int"), wrong.getMessage());
    assertEquals(200, scorer.score(rows(spark).withColumn("dpd", col("dpd").cast("long")))
        .count());
    InputError noVersion = assertThrows(InputError.class,
        () -> ModelRegistry.load(warehouse, "risk", "20250630-9"));
    assertTrue(noVersion.getMessage().startsWith("No model risk version 20250630-9"));
  }

  @Test
  void aVersionNamesTheDateItWasTrainedFor(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    String version = ModelRegistry.nextVersion(warehouse, "risk", LocalDate.of(2025, 12, 31));
    assertEquals("20251231-1", version);
    assertEquals(LocalDate.of(2025, 12, 31), ModelRegistry.trainedFor(version));
    assertEquals(LocalDate.of(2024, 2, 29), ModelRegistry.trainedFor("20240229-12"));
  }
}
