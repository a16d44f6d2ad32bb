package com.visitrank.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Staged tables published together. {@link #publish} first writes the list of steps to a journal
 * ({@code runs/.publish-<run-id>.json}), then swaps each table in, then deletes the journal. A
 * run killed half way leaves the journal and the staging of the steps not yet done, and
 * {@link Warehouse#recover} completes them: the warehouse ends with every table of the run, never
 * a mix of this run's tables and the previous run's.
 */
public final class Publication {

  static final String JOURNAL_PREFIX = ".publish-";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One swap (or removal) of a publication. */
  record Step(String kind, String area, String table, String column, String value) {}

  private final Warehouse warehouse;
  private final String runId;
  private final List<Step> steps = new ArrayList<>();

  Publication(Warehouse warehouse, String runId) {
    this.warehouse = warehouse;
    this.runId = runId;
  }

  /** A staged table replaces the published one ({@link Warehouse#commit}). */
  public Publication table(String area, String table) {
    steps.add(new Step("table", area, table, null, null));
    return this;
  }

  /** A staged partitioned table's partitions replace theirs ({@link Warehouse#commitPartitions}). */
  public Publication partitions(String area, String table, String column) {
    steps.add(new Step("partitions", area, table, column, null));
    return this;
  }

  /** A staged table becomes one partition ({@link Warehouse#commitPartition}). */
  public Publication partition(String area, String table, String column, String value) {
    steps.add(new Step("partition", area, table, column, value));
    return this;
  }

  /** A published table is removed ({@link Warehouse#delete}). */
  public Publication delete(String area, String table) {
    steps.add(new Step("delete", area, table, null, null));
    return this;
  }

  /** Journals the steps, performs them in order, and removes the journal. */
  public void publish() {
    String journal = journal(runId);
    warehouse.writeText(journal, render(steps));
    for (Step step : steps) {
      apply(warehouse, step, runId);
    }
    warehouse.deleteFile(journal);
  }

  static String journal(String runId) {
    return Warehouse.RUNS + "/" + JOURNAL_PREFIX + runId + ".json";
  }

  /** Completes a journal left by a killed run: the steps whose staging is still there. */
  static List<String> complete(Warehouse warehouse, String runId, String text) {
    List<String> done = new ArrayList<>();
    for (Step step : parse(text)) {
      if (step.kind().equals("delete") ? warehouse.exists(step.area(), step.table())
          : warehouse.isStaged(step.area(), step.table(), runId)) {
        apply(warehouse, step, runId);
        done.add("completed the publication of " + step.area() + "/" + step.table()
            + " (run " + runId + " was interrupted)");
      }
    }
    return done;
  }

  private static void apply(Warehouse warehouse, Step step, String runId) {
    switch (step.kind()) {
      case "table" -> warehouse.commit(step.area(), step.table(), runId);
      case "partitions" -> warehouse.commitPartitions(step.area(), step.table(), step.column(),
          runId);
      case "partition" -> warehouse.commitPartition(step.area(), step.table(), step.column(),
          step.value(), runId);
      case "delete" -> warehouse.delete(step.area(), step.table());
      default -> throw new IllegalStateException("unknown publication step " + step.kind());
    }
  }

  private static String render(List<Step> steps) {
    ArrayNode array = JSON.createArrayNode();
    for (Step step : steps) {
      array.addObject().put("kind", step.kind()).put("area", step.area())
          .put("table", step.table()).put("column", step.column()).put("value", step.value());
    }
    return array.toPrettyString();
  }

  private static List<Step> parse(String text) {
    List<Step> steps = new ArrayList<>();
    try {
      for (JsonNode node : JSON.readTree(text)) {
        steps.add(new Step(node.get("kind").asText(), node.get("area").asText(),
            node.get("table").asText(), node.get("column").textValue(),
            node.get("value").textValue()));
      }
    } catch (java.io.IOException e) {
      throw new InputError("Cannot read the publication journal of an interrupted run: "
          + e.getMessage(), e);
    }
    return steps;
  }
}
