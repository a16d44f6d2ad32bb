package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.visitrank.config.EvaluateSettings;
import com.visitrank.evaluation.Effects;
import com.visitrank.evaluation.EvaluationTables;
import com.visitrank.evaluation.Findings;
import com.visitrank.evaluation.Monitoring;
import com.visitrank.evaluation.Outcomes;
import com.visitrank.evaluation.Plans;
import com.visitrank.evaluation.Qini;
import com.visitrank.features.PointInTime;
import com.visitrank.io.InputError;
import com.visitrank.io.Publication;
import com.visitrank.io.Warehouse;
import com.visitrank.report.HtmlReport;
import com.visitrank.report.ReportData;
import com.visitrank.schema.RawTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code evaluate} job: every randomised plan in {@code clean/visit_plans} whose follow-up
 * windows (30/60/90 days) have passed by the as-of date, compared with its control group; the
 * tables under {@code evaluation/} (partitioned by {@code evaluation_date}) and the committee
 * report under {@code reports/<as-of>/}. All tables are staged first and published together at
 * the end, so a failed run publishes nothing; a rerun replaces its evaluation date only.
 */
public final class EvaluateJob {

  /** The target list written by {@code target}. */
  public static final String TARGETS_TABLE = "visit_targets";

  /**
   * What an evaluate run wrote.
   *
   * @param rows rows per evaluation table written
   * @param reportDir directory of the report files
   * @param data what the report shows
   */
  public record Result(Map<String, Long> rows, String reportDir, ReportData data) {}

  private final JobContext context;
  private final EvaluateSettings settings;
  private final LocalDate asOf;
  private final Map<String, Long> rows = new LinkedHashMap<>();
  private final List<String> staged = new ArrayList<>();

  public EvaluateJob(JobContext context, EvaluateSettings settings, LocalDate asOf) {
    this.context = context;
    this.settings = settings;
    this.asOf = asOf;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    if (!warehouse.exists(Warehouse.CLEAN, RawTables.VISIT_PLANS)) {
      throw new InputError("Missing input table clean/visit_plans at "
          + warehouse.path(Warehouse.CLEAN, RawTables.VISIT_PLANS) + ": run 'bin/visitrank"
          + " ingest' (or 'bin/visitrank pipeline') on raw tables that include visit_plans");
    }
    Dataset<Row> targets = null;
    if (warehouse.exists(Warehouse.TARGETS, TARGETS_TABLE)) {
      context.manifest().input(Warehouse.TARGETS + "/" + TARGETS_TABLE,
          warehouse.path(Warehouse.TARGETS, TARGETS_TABLE));
      targets = warehouse.read(Warehouse.TARGETS, TARGETS_TABLE, new StructType()
          .add("as_of_date", "date").add("loan_id", "string").add("rank", "int")
          .add("probability", "double").add("expected_gain", "double")
          .add("model_version", "string").add("approach", "string"));
    }
    Date evaluationDate = Date.valueOf(asOf);
    Dataset<Row> plans = Plans.withTargets(context.clean(RawTables.VISIT_PLANS, true), targets)
        .filter(col("plan_date").lt(lit(evaluationDate)));
    // Only planned loans' schedules and payments are gathered into arrays (a semi join first).
    Dataset<Row> planned = plans.select("loan_id").distinct();
    Dataset<Row> outcomes = Outcomes.compute(plans, context.clean(RawTables.LOANS, true),
        context.clean(RawTables.CUSTOMERS, true),
        PointInTime.dues(context.clean(RawTables.SCHEDULE, true).join(planned,
            new String[] {"loan_id"}, "left_semi"), asOf),
        PointInTime.paid(context.clean(RawTables.PAYMENTS, true).join(planned,
            new String[] {"loan_id"}, "left_semi")), context.clean(RawTables.VISITS, false),
        new Outcomes.Definitions(asOf, settings.prePeriodDays(), settings.labelDays(),
            settings.labelDpd()));
    stage(EvaluationTables.PLAN_OUTCOMES, outcomes.withColumn(EvaluationTables.EVALUATION_DATE,
        lit(evaluationDate)));
    Dataset<Row> planOutcomes = rows.get(EvaluationTables.PLAN_OUTCOMES) == 0 ? outcomes
        : warehouse.readStaged(Warehouse.EVALUATION, EvaluationTables.PLAN_OUTCOMES,
            context.runId()).drop(EvaluationTables.EVALUATION_DATE);

    List<Row> summary = context.step("outcomes by plan and arm",
        () -> Outcomes.summary(planOutcomes).collectAsList());
    stageRows(EvaluationTables.OUTCOMES, summary, EvaluationTables.OUTCOMES_SCHEMA);
    List<Row> moments = context.step("sums per arm and group",
        () -> Effects.moments(planOutcomes).collectAsList());
    List<Row> effects = Effects.estimate(moments, settings.minGroupSize());
    stageRows(EvaluationTables.EFFECTS, effects, EvaluationTables.EFFECTS_SCHEMA);
    List<Row> teams = Effects.costEffectiveness(effects);
    stageRows(EvaluationTables.COST_EFFECTIVENESS, teams,
        EvaluationTables.COST_EFFECTIVENESS_SCHEMA);

    String[] qiniNote = {null};
    ReportData.Qini qini = context.step("Qini curve and bootstrap", () -> qini(planOutcomes,
        qiniNote));
    List<Row> findings = context.step("visit findings",
        () -> Findings.findings(planOutcomes, settings.minGroupSize())
            .orderBy("finding", "segment_dimension", "segment_value", "finding_value")
            .collectAsList());
    stageRows(EvaluationTables.FINDINGS, findings, EvaluationTables.FINDINGS_SCHEMA);
    List<Row> traits = Findings.traits(planOutcomes).collectAsList();
    stageRows(EvaluationTables.TRAITS, traits, EvaluationTables.TRAITS_SCHEMA);
    String[] monitoringNote = {null};
    ReportData.Monitoring monitoring = context.step("model monitoring",
        () -> new ModelMonitor(context, settings).run(planOutcomes, monitoringNote));
    if (monitoring != null) {
      stageRows(EvaluationTables.MONITORING, ModelMonitor.rows(monitoring),
          EvaluationTables.MONITORING_SCHEMA);
    }

    ReportData data = new ReportData(asOf, context.runId(), settings.minGroupSize(),
        settings.prePeriodDays(), ReportRows.outcomes(summary), ReportRows.effects(effects),
        ReportRows.teams(teams), qini, qiniNote[0], ReportRows.findings(findings),
        ReportRows.traits(traits), monitoring, monitoringNote[0]);
    String reportDir = Warehouse.REPORTS + "/" + asOf;
    context.step("write the report", () -> {
      Map<String, String> files = new LinkedHashMap<>();
      for (HtmlReport.Language language : HtmlReport.Language.values()) {
        files.put(language.fileName(), HtmlReport.render(data, language));
      }
      files.put(HtmlReport.INDEX, HtmlReport.index(data));
      warehouse.stageFiles(Warehouse.REPORTS, asOf.toString(), files, context.runId());
      return null;
    });
    context.step("publish evaluation tables and the report", () -> {
      Publication publication = warehouse.publication(context.runId());
      for (String table : staged) {
        publication.partitions(Warehouse.EVALUATION, table, EvaluationTables.EVALUATION_DATE);
      }
      publication.table(Warehouse.REPORTS, asOf.toString()).publish();
      for (String table : staged) {
        context.manifest().output(Warehouse.EVALUATION + "/" + table,
            warehouse.path(Warehouse.EVALUATION, table), rows.get(table));
      }
      return null;
    });
    HtmlReport.Headline headline = HtmlReport.headline(data);
    if (headline != null) {
      context.manifest().metric("evaluate.horizon_days", headline.horizon());
      context.manifest().metric("evaluate.recovered_per_planned_loan", headline.perLoan());
      context.manifest().metric("evaluate.recovered_low", headline.low());
      context.manifest().metric("evaluate.recovered_high", headline.high());
    }
    return new Result(rows, warehouse.root() + "/" + reportDir, data);
  }

  private ReportData.Qini qini(Dataset<Row> planOutcomes, String[] note) {
    int horizon = settings.qiniHorizonDays();
    int bins = settings.qiniBins();
    Dataset<Row> binned = Qini.binned(planOutcomes, horizon, bins).cache();
    try {
      List<Row> binRows = Qini.bins(binned).collectAsList();
      long treated = 0;
      long control = 0;
      List<Qini.Bin> list = new ArrayList<>();
      for (Row row : binRows) {
        Qini.Bin bin = Qini.binOf(row);
        list.add(bin);
        treated += (long) bin.nTreated();
        control += (long) bin.nControl();
      }
      if (treated < settings.minGroupSize() || control < settings.minGroupSize()) {
        note[0] = treated + control == 0
            ? "no evaluated plan came from a ranked target list (targets/visit_targets) with a"
                + " matured " + horizon + "-day window"
            : "too few ranked loans with a matured " + horizon + "-day window (" + treated
                + " planned, " + control + " control; at least " + settings.minGroupSize()
                + " each needed)";
        return null;
      }
      Qini.Curve curve = Qini.curve(list, bins);
      double[] areas = Qini.bootstrapAreas(Qini.bootstrapBins(binned,
          settings.bootstrapReplicates(), settings.seed()).collectAsList(),
          settings.bootstrapReplicates(), bins);
      double[] interval = Qini.interval(areas);
      List<Row> out = new ArrayList<>();
      for (int k = 0; k <= bins; k++) {
        out.add(RowFactory.create(horizon, k, curve.share()[k], curve.qini()[k],
            curve.random()[k], curve.area(), interval[0], interval[1], treated + control));
      }
      stageRows(EvaluationTables.QINI, out, EvaluationTables.QINI_SCHEMA);
      return new ReportData.Qini(horizon, curve.share(), curve.qini(), curve.random(),
          curve.area(), interval[0], interval[1], treated + control);
    } finally {
      binned.unpersist();
    }
  }

  private void stage(String table, Dataset<Row> data) {
    long count = context.step("compute " + Warehouse.EVALUATION + "/" + table,
        () -> context.warehouse().stage(data, Warehouse.EVALUATION, table, context.runId(),
            EvaluationTables.EVALUATION_DATE));
    rows.put(table, count);
    if (count > 0) {
      staged.add(table);
    } else {
      context.warehouse().discard(Warehouse.EVALUATION, table, context.runId());
    }
  }

  /** Stages a small table built on the driver, with the evaluation date added. */
  private void stageRows(String table, List<Row> data, StructType schema) {
    Date date = Date.valueOf(asOf);
    List<Row> dated = new ArrayList<>(data.size());
    for (Row row : data) {
      Object[] values = new Object[row.size() + 1];
      for (int i = 0; i < row.size(); i++) {
        values[i] = row.get(i);
      }
      values[row.size()] = date;
      dated.add(RowFactory.create(values));
    }
    stage(table, context.spark().createDataFrame(dated, schema).coalesce(1));
  }
}
