package com.visitrank.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.visitrank.io.FaultPoint;
import com.visitrank.io.InputError;
import com.visitrank.io.Warehouse;
import com.visitrank.model.FeatureBins;
import com.visitrank.model.ModelFeature;
import com.visitrank.model.Scorer;
import com.visitrank.model.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry under the warehouse's {@code models/<name>/}: one directory per version
 * ({@code metadata.json}, {@code pipeline/} (MLlib), {@code calibration/} (MLlib isotonic
 * regression), {@code validation/} (Parquet)), published by one rename of a complete staging
 * directory, and a {@code champion} file naming the champion's version, replaced atomically.
 */
public final class ModelRegistry {

  /** The file naming the champion version. */
  public static final String CHAMPION = "champion";

  /** Metadata of a version. */
  public static final String METADATA = "metadata.json";

  /** The validation rows of a version: loan_id, as_of_date, label, probability. */
  public static final String VALIDATION = "validation";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelRegistry() {}

  /**
   * The champion of {@code name}, ready to score.
   *
   * @throws InputError when there is no champion
   */
  public static Scorer champion(Warehouse warehouse, String name) {
    String version = championVersion(warehouse, name).orElseThrow(() -> new InputError(
        "no champion model " + name + ": run bin/visitrank train --set visitrank.as-of=..."
            + " (registry " + warehouse.path(Warehouse.MODELS, name) + ")"));
    return load(warehouse, name, version);
  }

  /** The champion's version of {@code name}, if there is one. */
  public static java.util.Optional<String> championVersion(Warehouse warehouse, String name) {
    Path file = new Path(warehouse.path(Warehouse.MODELS, name + "/" + CHAMPION));
    try {
      FileSystem fs = fs(file);
      if (!fs.exists(file)) {
        return java.util.Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        String version = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        return version.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(version);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Version {@code version} of model {@code name}. Its {@link Scorer#score} checks that the
   * features it needs exist with the right types and raises {@link InputError} naming the column
   * otherwise.
   */
  public static Scorer load(Warehouse warehouse, String name, String version) {
    return new CheckedScorer(loadModel(warehouse, name, version));
  }

  /** The fitted model itself (no input check). */
  static TrainedModel loadModel(Warehouse warehouse, String name, String version) {
    String dir = versionPath(warehouse, name, version);
    Path metadataFile = new Path(dir, METADATA);
    JsonNode meta;
    try {
      FileSystem fs = fs(metadataFile);
      if (!fs.exists(metadataFile)) {
        throw new InputError("No model " + name + " version " + version + " at " + dir
            + ": run bin/visitrank train --set visitrank.as-of=...");
      }
      try (InputStream in = fs.open(metadataFile)) {
        meta = JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new InputError("Cannot read " + metadataFile + ": " + e.getMessage(), e);
    }
    List<FeatureBins> bins = new ArrayList<>();
    JsonNode card = meta.get("scorecard");
    double[] coefficients = new double[card.get("features").size()];
    int i = 0;
    for (JsonNode f : card.get("features")) {
      ModelFeature feature = new ModelFeature(f.get("name").asText(),
          f.get("categorical").asBoolean(), f.get("type").asText());
      coefficients[i++] = f.get("coefficient").asDouble();
      bins.add(new FeatureBins(feature, doubles(f.get("upper")), strings(f.get("categories")),
          doubles(f.get("woe")), f.get("missing_woe").asDouble(), longs(f.get("bads")),
          longs(f.get("rows")), f.get("missing_bads").asLong(), f.get("missing_rows").asLong()));
    }
    Map<String, Double> medians = new HashMap<>();
    meta.get("medians").fields().forEachRemaining(e -> medians.put(e.getKey(),
        e.getValue().asDouble()));
    PipelineModel pipeline;
    IsotonicRegressionModel calibrator;
    try {
      pipeline = PipelineModel.load(dir + "/pipeline");
      calibrator = IsotonicRegressionModel.load(dir + "/calibration");
    } catch (RuntimeException e) {
      throw new InputError("Cannot load model " + name + "/" + version + " at " + dir + ": "
          + e.getMessage(), e);
    }
    return new TrainedModel(name, version, meta.get("label").asText(), meta.get("kind")
        .asText(), List.copyOf(bins), coefficients, card.get("intercept").asDouble(),
        Map.copyOf(medians), pipeline, calibrator,
        meta.has("scorecard_weight") ? meta.get("scorecard_weight").asDouble() : 0);
  }

  /** The as-of date a version was trained for: the {@code yyyyMMdd} of {@link #nextVersion}. */
  public static java.time.LocalDate trainedFor(String version) {
    return java.time.LocalDate.parse(version.substring(0, 8),
        java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** Where a version lives. */
  public static String versionPath(Warehouse warehouse, String name, String version) {
    return warehouse.path(Warehouse.MODELS, name + "/" + version);
  }

  /**
   * The next free version for an as-of date: {@code <yyyyMMdd>-<n>}, n from 1.
   */
  public static String nextVersion(Warehouse warehouse, String name, java.time.LocalDate asOf) {
    String prefix = asOf.toString().replace("-", "") + "-";
    int n = 1;
    Path dir = new Path(warehouse.path(Warehouse.MODELS, name));
    try {
      FileSystem fs = fs(dir);
      if (fs.exists(dir)) {
        for (FileStatus status : fs.listStatus(dir)) {
          String entry = status.getPath().getName();
          if (status.isDirectory() && entry.startsWith(prefix)) {
            try {
              n = Math.max(n, Integer.parseInt(entry.substring(prefix.length())) + 1);
            } catch (NumberFormatException ignored) {
              // Not a version directory.
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return prefix + n;
  }

  /**
   * Publishes a model: its pipeline, calibration, validation rows and metadata are written into
   * a staging directory, which is then renamed into place in one step.
   *
   * @param metadata the metadata besides the scorecard, which is added here
   * @param validation rows with loan_id, as_of_date, label, probability
   */
  static String save(Warehouse warehouse, TrainedModel model, ObjectNode metadata,
      Dataset<Row> validation) {
    String target = versionPath(warehouse, model.name(), model.version());
    Path staging = new Path(warehouse.path(Warehouse.MODELS, model.name() + "/.staging-"
        + model.version()));
    try {
      FileSystem fs = fs(staging);
      if (fs.exists(new Path(target))) {
        throw new IllegalStateException("Model " + model.name() + "/" + model.version()
            + " exists already at " + target);
      }
      fs.delete(staging, true);
      model.pipeline().write().overwrite().save(staging + "/pipeline");
      model.calibrator().write().overwrite().save(staging + "/calibration");
      validation.coalesce(1).write().mode(SaveMode.Overwrite)
          .parquet(staging + "/" + VALIDATION);
      metadata.put("name", model.name());
      metadata.put("version", model.version());
      metadata.put("kind", model.kind());
      metadata.put("label", model.label());
      metadata.set("scorecard", scorecardJson(model));
      ObjectNode medians = metadata.putObject("medians");
      model.medians().forEach(medians::put);
      metadata.put("scorecard_weight", model.scorecardWeight());
      warehouse.writeText(Warehouse.MODELS + "/" + model.name() + "/.staging-"
          + model.version() + "/" + METADATA, JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(metadata));
      FaultPoint.reached(FaultPoint.MODEL_STAGED);
      if (!fs.rename(staging, new Path(target))) {
        throw new IOException("cannot move " + staging + " to " + target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model " + model.name() + "/"
          + model.version() + ": " + e.getMessage(), e);
    }
  }

  /** Makes {@code version} the champion of {@code name} (one atomic file replacement). */
  static void promote(Warehouse warehouse, String name, String version) {
    warehouse.writeText(Warehouse.MODELS + "/" + name + "/" + CHAMPION, version + "\n");
  }

  /** The scorecard as JSON: intercept, and per feature its bins, WoE and points. */
  static ObjectNode scorecardJson(TrainedModel model) {
    ObjectNode card = JSON.createObjectNode();
    card.put("intercept", model.intercept());
    card.put("points", "points of a feature = coefficient x WoE of the loan's bin (log-odds);"
        + " reason codes name the 3 features with the most positive points");
    ArrayNode features = card.putArray("features");
    for (int i = 0; i < model.bins().size(); i++) {
      FeatureBins b = model.bins().get(i);
      ObjectNode f = features.addObject();
      f.put("name", b.name());
      f.put("type", b.feature().type());
      f.put("categorical", b.feature().categorical());
      f.put("coefficient", model.coefficients()[i]);
      ArrayNode upper = f.putArray("upper");
      for (double u : b.upper()) {
        upper.add(u);
      }
      ArrayNode categories = f.putArray("categories");
      b.categories().forEach(categories::add);
      ArrayNode woe = f.putArray("woe");
      ArrayNode points = f.putArray("points");
      ArrayNode labels = f.putArray("bin_labels");
      for (int k = 0; k < b.size(); k++) {
        woe.add(b.woe()[k]);
        points.add(b.woe()[k] * model.coefficients()[i]);
        labels.add(b.label(k));
      }
      ArrayNode bads = f.putArray("bads");
      ArrayNode rows = f.putArray("rows");
      for (int k = 0; k < b.size(); k++) {
        bads.add(b.bads()[k]);
        rows.add(b.totals()[k]);
      }
      f.put("missing_woe", b.missingWoe());
      f.put("missing_bads", b.missingBads());
      f.put("missing_rows", b.missingTotal());
    }
    return card;
  }

  /**
   * Why {@code features} cannot be scored by a model needing {@code needed}, or null when it can:
   * a missing column, or a column whose type is not the needed kind (string for categorical
   * features, a number or boolean for numeric ones).
   */
  static String incompatibility(StructType features, List<ModelFeature> needed) {
    Map<String, DataType> types = new HashMap<>();
    for (StructField field : features.fields()) {
      types.put(field.name(), field.dataType());
    }
    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (ModelFeature f : needed) {
      DataType type = types.get(f.name());
      if (type == null) {
        missing.add(f.name());
      } else if (f.categorical() ? !(type instanceof StringType)
          : !(type instanceof NumericType || type instanceof BooleanType)) {
        wrong.add(f.name() + " is " + type.simpleString() + ", needs " + f.type());
      }
    }
    if (!missing.isEmpty()) {
      return "lack column(s) " + String.join(", ", missing);
    }
    return wrong.isEmpty() ? null : "have column(s) of the wrong type: "
        + String.join("; ", wrong);
  }

  private static double[] doubles(JsonNode array) {
    double[] result = new double[array.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = array.get(i).asDouble();
    }
    return result;
  }

  private static long[] longs(JsonNode array) {
    long[] result = new long[array.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = array.get(i).asLong();
    }
    return result;
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(node -> result.add(node.asText()));
    return List.copyOf(result);
  }

  private static FileSystem fs(Path path) throws IOException {
    return path.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration());
  }

  /** A registered model that checks its input columns before scoring. */
  private record CheckedScorer(TrainedModel model) implements Scorer {

    @Override
    public String name() {
      return model.name();
    }

    @Override
    public String version() {
      return model.version();
    }

    @Override
    public String label() {
      return model.label();
    }

    @Override
    public Dataset<Row> score(Dataset<Row> features) {
      String problem = incompatibility(features.schema(), model.requiredColumns());
      if (problem != null) {
        throw new InputError("Features given to model " + model.name() + "/" + model.version()
            + " " + problem + " (run bin/visitrank features with the code the model was trained"
            + " with, or train a new model)");
      }
      return model.score(features);
    }
  }
}
