package com.visitrank.jobs;

import static org.apache.spark.sql.functions.max;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.io.InputError;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The {@code pipeline} command: the jobs in order for one as-of date, on the raw tables already in
 * the warehouse. A fresh warehouse starts from the bundled samples ({@code visitrank.samples}).
 * Without {@code visitrank.as-of} it runs for the month end of the latest payment delivered.
 * Today it chains ingest and features; each later job joins the chain as it lands.
 */
public final class PipelineJob {

  /**
   * What the pipeline did.
   *
   * @param staged tables copied from the samples into a fresh warehouse
   * @param asOf the as-of date it ran for
   * @param ingest the ingest run
   */
  public record Result(List<String> staged, LocalDate asOf, IngestJob.Result ingest,
      FeaturesJob.Result features) {}

  private final JobContext context;
  private final CommonSettings common;
  private final IngestSettings ingest;
  private final FeaturesSettings features;

  public PipelineJob(JobContext context, CommonSettings common, IngestSettings ingest,
      FeaturesSettings features) {
    this.context = context;
    this.common = common;
    this.ingest = ingest;
    this.features = features;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    List<String> staged = List.of();
    if (!warehouse.exists(Warehouse.RAW, RawTables.LOANS)) {
      staged = context.step("stage raw tables from " + common.samples(),
          () -> warehouse.copyTablesFrom(common.samples(), Warehouse.RAW));
      stageScenario(warehouse);
    }
    LocalDate asOf = common.asOf().orElseGet(() -> latestMonthEnd(warehouse));
    context.console().printf("[%s] as-of date %s%s%n", context.job(), asOf,
        common.asOf().isPresent() ? "" : " (month end of the latest payment in raw/payments;"
            + " set visitrank.as-of to choose)");
    IngestJob.Result ingested = new IngestJob(context, ingest, asOf).run();
    FeaturesJob.Result snapshots = new FeaturesJob(context, features, asOf).run();
    return new Result(staged, asOf, ingested, snapshots);
  }

  /**
   * Generated samples also bring the scenario that made them (so that {@code simulate} can
   * continue their world) and their truth (for judging plans).
   */
  private void stageScenario(Warehouse warehouse) {
    for (String scenario : List.of(common.samples() + "/" + TruthTables.SCENARIO,
        common.samples() + "/" + Warehouse.TRUTH + "/" + TruthTables.SCENARIO)) {
      if (warehouse.fileExists(scenario)) {
        warehouse.copyTextFrom(scenario, Warehouse.TRUTH + "/" + TruthTables.SCENARIO);
        if (warehouse.fileExists(common.samples() + "/" + Warehouse.TRUTH)) {
          warehouse.copyTablesFrom(common.samples(), Warehouse.TRUTH);
        }
        return;
      }
    }
  }

  private LocalDate latestMonthEnd(Warehouse warehouse) {
    Row latest = warehouse.read(Warehouse.RAW, RawTables.PAYMENTS,
        new org.apache.spark.sql.types.StructType().add("payment_date",
            org.apache.spark.sql.types.DataTypes.DateType)).agg(max("payment_date")).first();
    if (latest.isNullAt(0)) {
      throw new InputError("raw/payments holds no payment dates; set visitrank.as-of");
    }
    return YearMonth.from(latest.getDate(0).toLocalDate()).atEndOfMonth();
  }
}
