package com.visitrank.jobs;

import static org.apache.spark.sql.functions.max;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.EvaluateSettings;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.PipelineSettings;
import com.visitrank.config.SimulateSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.io.InputError;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Row;

/**
 * The {@code pipeline} command: the jobs in order for one as-of date, on the raw tables already in
 * the warehouse -- ingest, features, train (when due), target and evaluate, which writes the
 * committee report. A fresh warehouse starts from the bundled samples ({@code visitrank.samples});
 * without {@code visitrank.as-of} it runs for the month end of the latest payment delivered. On a
 * generated world, {@code cycles} more months follow, each one simulating the visits of the
 * previous plan and the month's repayments first, so that plans, visits and their evaluation
 * follow one another month after month.
 */
public final class PipelineJob {

  /**
   * The jobs of one as-of date.
   *
   * @param asOf the as-of date
   * @param simulated the simulation of the month that led to this date (cycles after the first)
   * @param ingest the ingest run
   * @param features the features run
   * @param train the training run, when one was due
   * @param target the visit plan
   * @param evaluate the evaluation and report
   * (each job after ingest is empty when {@code pipeline.until} stops before it)
   */
  public record Cycle(LocalDate asOf, Optional<SimulateJob.Result> simulated,
      IngestJob.Result ingest, Optional<FeaturesJob.Result> features,
      Optional<TrainJob.Result> train, Optional<TargetJob.Result> target,
      Optional<EvaluateJob.Result> evaluate) {}

  /**
   * What the pipeline did.
   *
   * @param staged tables copied from the samples into a fresh warehouse
   * @param cycles the as-of dates run, oldest first
   */
  public record Result(List<String> staged, List<Cycle> cycles) {

    public Cycle last() {
      return cycles.get(cycles.size() - 1);
    }
  }

  /** The settings of every job the pipeline runs. */
  public record Settings(CommonSettings common, PipelineSettings pipeline, IngestSettings ingest,
      FeaturesSettings features, TrainSettings train, TargetSettings target,
      SimulateSettings simulate, EvaluateSettings evaluate) {

    /** Every section's settings, validated. */
    public static Settings read(com.visitrank.config.ConfigReader reader) {
      return new Settings(CommonSettings.read(reader), PipelineSettings.read(reader),
          IngestSettings.read(reader), FeaturesSettings.read(reader), TrainSettings.read(reader),
          TargetSettings.read(reader), SimulateSettings.read(reader),
          EvaluateSettings.read(reader));
    }

    /** The same settings with {@code pipeline} replaced. */
    public Settings with(PipelineSettings replaced) {
      return new Settings(common, replaced, ingest, features, train, target, simulate, evaluate);
    }
  }

  /**
   * Watches each job the pipeline runs (a benchmark times them); the pipeline itself passes
   * {@link #NONE}.
   */
  public interface Observer {

    /** Just runs the job. */
    Observer NONE = new Observer() {
      @Override
      public <T> T observe(String job, Supplier<T> work, ToLongFunction<T> rows) {
        return work.get();
      }
    };

    /**
     * Runs {@code work}, the job named {@code job}; {@code rows} gives the rows it produced.
     */
    <T> T observe(String job, Supplier<T> work, ToLongFunction<T> rows);
  }

  private final JobContext context;
  private final Settings settings;
  private final CommonSettings common;
  private final Observer observer;

  public PipelineJob(JobContext context, Settings settings) {
    this(context, settings, Observer.NONE);
  }

  public PipelineJob(JobContext context, Settings settings, Observer observer) {
    this.context = context;
    this.settings = settings;
    this.common = settings.common();
    this.observer = observer;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    List<String> staged = List.of();
    if (!warehouse.exists(Warehouse.RAW, RawTables.LOANS)) {
      staged = context.step("stage raw tables from " + common.samples(),
          () -> warehouse.copyTablesFrom(common.samples(), Warehouse.RAW));
      stageScenario(warehouse);
    }
    int cycles = settings.pipeline().cycles();
    if (cycles > 0 && !warehouse.textExists(Warehouse.TRUTH + "/" + TruthTables.SCENARIO)) {
      throw new InputError("pipeline --cycles " + cycles + " simulates months of a generated"
          + " world, but " + warehouse.path(Warehouse.TRUTH) + "/" + TruthTables.SCENARIO
          + " is missing: run it on a warehouse made by generate or from data-samples");
    }
    LocalDate asOf = common.asOf().orElseGet(() -> latestMonthEnd(warehouse));
    context.console().printf("[%s] as-of date %s%s%s%n", context.job(), asOf,
        common.asOf().isPresent() ? "" : " (month end of the latest payment in raw/payments;"
            + " set visitrank.as-of to choose)",
        cycles > 0 ? ", then " + cycles + " simulated month(s)" : "");
    List<Cycle> done = new ArrayList<>();
    done.add(runDate(asOf, Optional.empty()));
    for (int cycle = 1; cycle <= cycles; cycle++) {
      LocalDate planDate = asOf;
      context.console().printf("[%s] cycle %d of %d: the visits planned on %s and the month"
          + " after it%n", context.job(), cycle, cycles, planDate);
      SimulateJob.Result simulated = new SimulateJob(context, settings.simulate(), planDate).run();
      asOf = YearMonth.from(planDate).plusMonths(1).atEndOfMonth();
      done.add(runDate(asOf, Optional.of(simulated)));
    }
    return new Result(staged, done);
  }

  private Cycle runDate(LocalDate asOf, Optional<SimulateJob.Result> simulated) {
    PipelineSettings pipeline = settings.pipeline();
    IngestJob.Result ingested = observer.observe("ingest",
        () -> new IngestJob(context, settings.ingest(), asOf).run(),
        r -> r.tables().stream().mapToLong(IngestJob.TableReport::rowsIn).sum());
    FeaturesSettings features = settings.features();
    Optional<FeaturesJob.Result> snapshots = Optional.empty();
    if (pipeline.runs("features")) {
      snapshots = Optional.of(observer.observe("features", () -> new FeaturesJob(context,
          new FeaturesSettings(Math.max(features.historyMonths(), pipeline.refreshMonths()),
              features.horizons()), asOf).run(),
          r -> r.rowsByDate().values().stream().mapToLong(Long::longValue).sum()));
    }
    Optional<TrainJob.Result> trained = Optional.empty();
    if (pipeline.runs("train") && trainingDue(asOf)) {
      trained = Optional.of(observer.observe("train",
          () -> new TrainJob(context, settings.train(), features, asOf).run(),
          r -> java.util.Arrays.stream(r.rows()).sum()));
    }
    Optional<TargetJob.Result> plan = Optional.empty();
    if (pipeline.runs("target")) {
      plan = Optional.of(observer.observe("target", () -> new TargetJob(context,
          settings.target(), features, asOf,
          ModelRegistry.champion(context.warehouse(), settings.target().modelName())).run(),
          TargetJob.Result::eligible));
    }
    Optional<EvaluateJob.Result> evaluated = Optional.empty();
    if (pipeline.runs("evaluate")) {
      evaluated = Optional.of(observer.observe("evaluate",
          () -> new EvaluateJob(context, settings.evaluate(), asOf).run(),
          r -> r.rows().values().stream().mapToLong(Long::longValue).sum()));
    }
    return new Cycle(asOf, simulated, ingested, snapshots, trained, plan, evaluated);
  }

  /** Whether {@code pipeline.train} asks for a training run at {@code asOf}. */
  private boolean trainingDue(LocalDate asOf) {
    String policy = settings.pipeline().train();
    if (!policy.equals("auto")) {
      return policy.equals("always");
    }
    Optional<String> champion = ModelRegistry.championVersion(context.warehouse(),
        settings.train().modelName());
    if (champion.isEmpty()) {
      context.console().printf("[%s] no champion model yet: training%n", context.job());
      return true;
    }
    LocalDate trainedFor = ModelRegistry.trainedFor(champion.get());
    long months = java.time.temporal.ChronoUnit.MONTHS.between(YearMonth.from(trainedFor),
        YearMonth.from(asOf));
    boolean due = months >= settings.pipeline().retrainMonths();
    context.console().printf("[%s] champion %s is %d month(s) old: %s%n", context.job(),
        champion.get(), months, due ? "training again" : "no training due");
    return due;
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

  /** The month end of the latest payment in {@code raw/payments}: where the data ends. */
  public static LocalDate latestMonthEnd(Warehouse warehouse) {
    Row latest = warehouse.read(Warehouse.RAW, RawTables.PAYMENTS,
        new org.apache.spark.sql.types.StructType().add("payment_date",
            org.apache.spark.sql.types.DataTypes.DateType)).agg(max("payment_date")).first();
    if (latest.isNullAt(0)) {
      throw new InputError("raw/payments holds no payment dates; set visitrank.as-of");
    }
    return YearMonth.from(latest.getDate(0).toLocalDate()).atEndOfMonth();
  }
}
