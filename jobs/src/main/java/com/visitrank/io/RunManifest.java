package com.visitrank.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The record of one job run, written to {@code runs/<run-id>.json}: job, effective config (secrets
 * masked), inputs, steps with row counts and timings, outputs, status.
 */
public final class RunManifest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(password|secret|token|credential|access\\.key|secret\\.key).*");

  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode inputs = JSON.createArrayNode();
  private final ArrayNode steps = JSON.createArrayNode();
  private final ArrayNode outputs = JSON.createArrayNode();
  private final ObjectNode metrics = JSON.createObjectNode();
  private final Instant started = Instant.now();

  public RunManifest(String job, String runId, Config config, List<String> sections) {
    root.put("job", job);
    root.put("run_id", runId);
    root.put("started", started.toString());
    root.put("status", "running");
    ObjectNode effective = JSON.createObjectNode();
    for (String section : sections) {
      if (config.hasPath(section)) {
        effective.set(section, readTree(masked(config.getConfig(section)).root()
            .render(ConfigRenderOptions.concise())));
      }
    }
    root.set("config", effective);
    root.set("inputs", inputs);
    root.set("steps", steps);
    root.set("outputs", outputs);
    root.set("metrics", metrics);
  }

  private static Config masked(Config config) {
    Config result = config;
    for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
      if (SECRET.matcher(entry.getKey()).matches()) {
        result = result.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef("***"));
      }
    }
    return result;
  }

  /** What actually ran: Spark's master and version (spark-submit may override the config). */
  public void environment(String sparkMaster, String sparkVersion) {
    root.put("spark_master", sparkMaster);
    root.put("spark_version", sparkVersion);
  }

  public void input(String table, String path) {
    inputs.addObject().put("table", table).put("path", path);
  }

  public void step(String name, Duration took, Long rows) {
    ObjectNode step = steps.addObject().put("name", name).put("millis", took.toMillis());
    if (rows != null) {
      step.put("rows", rows);
    }
  }

  public void output(String table, String path, long rows) {
    outputs.addObject().put("table", table).put("path", path).put("rows", rows);
  }

  public void metric(String name, double value) {
    metrics.put(name, value);
  }

  public void metric(String name, String value) {
    metrics.put(name, value);
  }

  /** Marks the run finished ({@code succeeded} or {@code failed}) and renders it. */
  public String finish(String status, String error) {
    Instant finished = Instant.now();
    root.put("status", status);
    root.put("finished", finished.toString());
    root.put("duration_ms", Duration.between(started, finished).toMillis());
    if (error != null) {
      root.put("error", error);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
