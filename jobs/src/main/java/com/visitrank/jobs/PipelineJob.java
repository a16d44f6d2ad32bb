package com.visitrank.jobs;

import com.visitrank.config.CommonSettings;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code pipeline} command: the jobs in order for one as-of date, on the raw tables already in
 * the warehouse. A fresh warehouse starts from the bundled samples ({@code visitrank.samples}).
 * Today it stages and profiles the raw tables; each job joins the chain as it lands.
 */
public final class PipelineJob {

  /** What the pipeline did: tables staged from the samples, and row counts of the raw tables. */
  public record Result(List<String> staged, Map<String, Long> rawRows) {}

  private final JobContext context;
  private final CommonSettings common;

  public PipelineJob(JobContext context, CommonSettings common) {
    this.context = context;
    this.common = common;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    List<String> staged = List.of();
    if (!warehouse.exists(Warehouse.RAW, RawTables.LOANS)) {
      staged = context.step("stage raw tables from " + common.samples(),
          () -> warehouse.copyTablesFrom(common.samples(), Warehouse.RAW));
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : RawTables.ALL) {
      if (!warehouse.exists(Warehouse.RAW, table)) {
        continue;
      }
      long count = context.step("profile raw/" + table, () -> warehouse
          .read(Warehouse.RAW, table, RawTables.schemaOf(table)).count());
      context.manifest().input(Warehouse.RAW + "/" + table, warehouse.path(Warehouse.RAW, table));
      rows.put(Warehouse.RAW + "/" + table, count);
    }
    return new Result(staged, rows);
  }
}
