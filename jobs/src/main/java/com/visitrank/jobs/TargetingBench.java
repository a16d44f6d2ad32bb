package com.visitrank.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import com.typesafe.config.Config;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.SimulateSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.features.LoanFeatures;
import com.visitrank.io.Warehouse;
import com.visitrank.model.Scorer;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TargetTables;
import com.visitrank.schema.TruthTables;
import com.visitrank.targeting.CapacityPlan;
import com.visitrank.targeting.Eligibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bench targeting}: the decision quality of {@code target} on generated data. In a
 * warehouse of its own it stages the bundled samples (or generates a world of
 * {@code bench.loans} loans with {@code bench.past-campaigns} past randomised campaigns), runs
 * ingest and features (4 month ends of history, for labels), makes the scorer of
 * {@code bench.scorer} (a plain logistic regression, the champion of the {@code train} job, or
 * the truth's own probability) and runs {@code target}.
 * Then, against {@code truth/loan_outlook} at the as-of date and with the plan's own number of
 * visits per region, it compares the true gain per visit (recovery_90d_visit -
 * recovery_90d_no_visit - cost, cost = the region's mean cost per visit for all three) of the
 * plan's visited loans, of the rule of thumb (longest overdue, then largest overdue amount) and
 * of the oracle (the truth's best visits), both among the loans the plan could choose from (the
 * eligible ones) and among all past-due loans not in litigation; and, like for like, the plan's
 * selection (its visits and its control group together) against the rule's and the
 * oracle's selections of the same size. With {@code bench.cycles} above
 * 0 it then continues a copy of that warehouse month by month: each cycle simulates the visits
 * of the last plan, ingests the month, plans again (learning from the plans whose outcome window
 * has ended, the last one included) and measures the new plan the same way.
 */
public final class TargetingBench {

  /**
   * The figures of one plan.
   *
   * @param asOf the plan's date
   * @param capacity visit slots of all teams over the plan's horizon
   * @param eligible loans the plan could choose from
   * @param visits visits in the plan (and in each comparison plan)
   * @param planGain true gain per visit of the plan
   * @param selectedGain true gain per selected loan of the plan, control group included
   * @param ruleGain true gain per visit of the rule of thumb among the eligible loans
   * @param oracleGain true gain per visit of the oracle among the eligible loans
   * @param ruleGainPastDue the rule of thumb among all past-due loans not in litigation
   * @param oracleGainPastDue the oracle among all past-due loans not in litigation
   * @param selectedRuleGain true gain per loan of the rule of thumb's selection of the plan's
   *     size, control group included (each region's top loans, as many as the plan selected
   *     there), among the eligible loans
   * @param selectedOracleGain the same for the oracle
   * @param target the target run
   */
  public record Figures(LocalDate asOf, long capacity, long eligible, long visits,
      double planGain, double selectedGain, double ruleGain, double oracleGain,
      double ruleGainPastDue, double oracleGainPastDue, double selectedRuleGain,
      double selectedOracleGain, TargetJob.Result target) {

    public double planVsRule() {
      return planGain / ruleGain;
    }

    public double planVsOracle() {
      return planGain / oracleGain;
    }

    /**
     * The plan's selection against the rule's selection of the same size: the ranking compared
     * like for like, both holding out the same share, and free of the luck of the control draw
     * (the visited loans are a random part of the selected ones, so the selection's mean is the
     * visits' expected gain).
     */
    public double selectedVsRule() {
      return selectedGain / selectedRuleGain;
    }

    /** The plan's selection against the oracle's selection of the same size. */
    public double selectedVsOracle() {
      return selectedGain / selectedOracleGain;
    }

    /**
     * The highest {@link #planVsOracle} a plan holding out this control share can expect: the
     * oracle's own selection of the plan's size, of which a random part is visited, against the
     * oracle's visits without a control group.
     */
    public double controlCeiling() {
      return selectedOracleGain / oracleGain;
    }
  }

  /**
   * The figures of the plan at the end of the world's history and of each simulated cycle.
   *
   * @param first the plan at the end of history
   * @param cycles the plans of the simulated months, in order (empty unless bench.cycles)
   */
  public record Result(Figures first, List<Figures> cycles) {}

  /** {@code bench.scorer}: a plain logistic regression fitted in the benchmark. */
  public static final String LOGISTIC = "logistic";
  /** {@code bench.scorer}: the champion that the train job registers in the bench warehouse. */
  public static final String CHAMPION = "champion";
  /** {@code bench.scorer}: the truth's own no-visit probability (a diagnostic ceiling). */
  public static final String TRUTH = "truth";
  /** The values of {@code bench.scorer}. */
  public static final List<String> SCORERS = List.of(LOGISTIC, CHAMPION, TRUTH);

  /** The rule of thumb's order: longest overdue first, then largest overdue amount. */
  static final Column[] RULE = {col("dpd").desc(), col("overdue_amount").desc()};
  /** The oracle's order: the truth's best visits first. */
  static final Column[] ORACLE = {col("_true_gain").desc()};

  private static final StructType LABELLED = new StructType().add("loan_id", "string")
      .add("as_of_date", "date").add(LoanFeatures.LONG_OVERDUE_LABEL, "boolean");

  private final JobContext context;
  private final Config config;
  private final CommonSettings common;
  private final TargetSettings target;
  private final TrainSettings train;
  private final String scorerKind;
  private final IngestSettings ingest;
  private final FeaturesSettings features;
  private final SimulateSettings simulate;
  private final Optional<GenerateSettings> generate;
  private final int cycles;

  /**
   * @param train settings of the champion's training ({@code bench.scorer = champion})
   * @param scorerKind one of {@link #SCORERS}
   * @param generate settings of the world to generate, or empty to use the samples
   * @param cycles simulated months after the first plan (0: none)
   */
  public TargetingBench(JobContext context, Config config, CommonSettings common,
      TargetSettings target, TrainSettings train, String scorerKind, IngestSettings ingest,
      FeaturesSettings features, SimulateSettings simulate, Optional<GenerateSettings> generate,
      int cycles) {
    this.context = context;
    this.config = config;
    this.common = common;
    this.target = target;
    this.train = train;
    this.scorerKind = scorerKind;
    this.ingest = ingest;
    this.features = features;
    this.simulate = simulate;
    this.generate = generate;
    this.cycles = cycles;
  }

  public Result run() {
    String root = common.warehouse() + "/bench-targeting/" + generate.map(g -> {
      int campaigns = g.world().pastVisitCycles();
      return "loans-" + g.world().loans() + "-seed-" + g.world().seed()
          + (campaigns == 2 ? "" : "-campaigns-" + campaigns);
    }).orElse("samples");
    JobContext bench = contextAt(root);
    Warehouse warehouse = bench.warehouse();
    if (!warehouse.exists(Warehouse.RAW, RawTables.LOANS)) {
      if (generate.isPresent()) {
        new GenerateJob(bench, generate.get()).run();
      } else {
        bench.step("stage samples", () -> {
          warehouse.copyTablesFrom(common.samples(), Warehouse.RAW);
          return warehouse.copyTablesFrom(common.samples(), Warehouse.TRUTH);
        });
      }
    }
    LocalDate asOf;
    if (warehouse.exists(Warehouse.FEATURES, FeaturesJob.TABLE)) {
      asOf = warehouse.read(Warehouse.FEATURES, FeaturesJob.TABLE, LABELLED)
          .agg(org.apache.spark.sql.functions.max("as_of_date")).first().getDate(0).toLocalDate();
      bench.console().printf("[%s] reusing ingested tables and features of %s in %s%n",
          bench.job(), asOf, root);
    } else {
      FeaturesSettings history = new FeaturesSettings(4, features.horizons());
      asOf = PipelineJob.latestMonthEnd(warehouse);
      new IngestJob(bench, ingest, asOf).run();
      new FeaturesJob(bench, history, asOf).run();
    }
    Scorer scorer = scorer(bench, asOf);
    Figures first = measure(bench, asOf,
        new TargetJob(bench, target, features, asOf, scorer).run());
    List<Figures> next = new ArrayList<>();
    if (cycles > 0) {
      JobContext continued = copy(warehouse, root + "-cycles");
      for (int cycle = 1; cycle <= cycles; cycle++) {
        new SimulateJob(continued, simulate, asOf).run();
        asOf = YearMonth.from(asOf).plusMonths(1).atEndOfMonth();
        new IngestJob(continued, ingest, asOf).run();
        new FeaturesJob(continued, new FeaturesSettings(0, features.horizons()), asOf).run();
        next.add(measure(continued, asOf,
            new TargetJob(continued, target, features, asOf, scorer).run()));
      }
    }
    return new Result(first, next);
  }

  /**
   * The scorer of {@code bench.scorer} for plans from {@code asOf} on: fitted on (or, for the
   * champion, trained as of) the month ends before it.
   */
  private Scorer scorer(JobContext bench, LocalDate asOf) {
    Warehouse warehouse = bench.warehouse();
    switch (scorerKind) {
      case TRUTH:
        return new TruthScorer(warehouse.read(Warehouse.TRUTH, TruthTables.LOAN_OUTLOOK,
            TruthTables.LOAN_OUTLOOK_SCHEMA));
      case CHAMPION:
        Optional<String> trained = ModelRegistry.championVersion(warehouse, train.modelName())
            .filter(v -> ModelRegistry.trainedFor(v).equals(asOf));
        if (trained.isEmpty()) {
          new TrainJob(bench, train, features, asOf).run();
        } else {
          bench.console().printf("[%s] reusing the champion %s trained for %s%n", bench.job(),
              trained.get(), asOf);
        }
        return ModelRegistry.champion(warehouse, train.modelName());
      default:
        Dataset<Row> snapshots = warehouse.read(Warehouse.FEATURES, FeaturesJob.TABLE, LABELLED);
        return bench.step("fit the bench scorer", () -> BenchScorer.fit(
            snapshots.filter(col("as_of_date").lt(lit(Date.valueOf(asOf))))));
    }
  }

  private JobContext contextAt(String root) {
    CommonSettings at = new CommonSettings(root, common.asOf(), common.runId(), common.samples());
    return new JobContext(context.spark(), config, at, "bench-targeting",
        List.of("visitrank", "target", "bench"), context.console());
  }

  /**
   * A fresh copy of the bench warehouse's inputs, tables and plan, with the scenario that
   * {@code simulate} continues (the samples' own when they were staged).
   */
  private JobContext copy(Warehouse from, String root) {
    try {
      Path stale = new Path(root);
      stale.getFileSystem(context.spark().sparkContext().hadoopConfiguration()).delete(stale,
          true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + root + ": " + e.getMessage(), e);
    }
    JobContext copy = contextAt(root);
    Warehouse to = copy.warehouse();
    copy.step("copy the bench warehouse to " + root, () -> {
      for (String area : List.of(Warehouse.RAW, Warehouse.TRUTH, Warehouse.CLEAN,
          Warehouse.FEATURES, Warehouse.TARGETS)) {
        to.copyTablesFrom(from.root(), area);
      }
      String scenario = Warehouse.TRUTH + "/" + TruthTables.SCENARIO;
      to.copyTextFrom(from.textExists(scenario) ? from.root() + "/" + scenario
          : common.samples() + "/" + TruthTables.SCENARIO, scenario);
      return null;
    });
    return copy;
  }

  /** The plan of {@code asOf} in the bench warehouse against the truth. */
  private Figures measure(JobContext bench, LocalDate asOf, TargetJob.Result planned) {
    Warehouse warehouse = bench.warehouse();
    Column atAsOf = col("as_of_date").equalTo(lit(Date.valueOf(asOf)));
    Dataset<Row> truth = warehouse.read(Warehouse.TRUTH, TruthTables.LOAN_OUTLOOK,
            TruthTables.LOAN_OUTLOOK_SCHEMA).filter(atAsOf)
        .select(col("loan_id"), col("recovery_90d_visit").cast("double")
            .minus(col("recovery_90d_no_visit").cast("double")).as("_true_uplift"));
    Dataset<Row> teams = bench.clean(RawTables.TEAMS, true);
    Dataset<Row> capacity = CapacityPlan.capacity(CapacityPlan.slots(teams, asOf,
        target.horizonDays(), target.hours()));
    Dataset<Row> cost = capacity.select("region", CapacityPlan.REGION_COST);
    Dataset<Row> plan = warehouse.read(Warehouse.TARGETS, TargetTables.VISIT_TARGETS,
            TargetTables.VISIT_TARGETS_SCHEMA).filter(atAsOf)
        .select("loan_id", "region", "control_group").join(truth, "loan_id").join(cost, "region")
        .withColumn("_true_gain", col("_true_uplift").minus(col(CapacityPlan.REGION_COST)));
    Dataset<Row> visited = plan.filter(not(col("control_group")));
    Dataset<Row> quota = quota(visited);
    Dataset<Row> selectedQuota = quota(plan);
    Dataset<Row> snapshot = warehouse.read(Warehouse.FEATURES, FeaturesJob.TABLE, LABELLED)
        .filter(atAsOf);
    Dataset<Row> eligible = Eligibility.eligible(Eligibility.flag(snapshot,
        bench.clean(RawTables.LOANS, true), Eligibility.disputes(
            bench.clean(RawTables.VISITS, false), asOf, target.disputeReasons()),
        asOf, target.rules()));
    Dataset<Row> pastDue = snapshot.filter(col("dpd").gt(0).and(not(col("in_litigation"))));
    Dataset<Row> pool = pool(eligible, truth, cost).cache();
    Dataset<Row> widePool = pool(pastDue, truth, cost);
    Figures figures = new Figures(asOf,
        capacity.agg(sum(CapacityPlan.CAPACITY)).first().getLong(0),
        pool.count(), planned.planned(), perVisit(visited), perVisit(plan),
        perVisit(top(pool, quota, RULE)), perVisit(top(pool, quota, ORACLE)),
        perVisit(top(widePool, quota, RULE)), perVisit(top(widePool, quota, ORACLE)),
        perVisit(top(pool, selectedQuota, RULE)), perVisit(top(pool, selectedQuota, ORACLE)),
        planned);
    pool.unpersist();
    return figures;
  }

  /** Rows per region of a plan's loans: {@code region, _quota}. */
  private static Dataset<Row> quota(Dataset<Row> planRows) {
    return planRows.groupBy("region").agg(count(lit(1)).as("_quota"));
  }

  private static Dataset<Row> pool(Dataset<Row> loans, Dataset<Row> truth, Dataset<Row> cost) {
    return loans.select("loan_id", "region", "dpd", "overdue_amount")
        .join(truth, "loan_id").join(cost, "region")
        .withColumn("_true_gain", col("_true_uplift").minus(col(CapacityPlan.REGION_COST)));
  }

  /**
   * Each region's first {@code _quota} loans of {@code pool} (rows with {@code loan_id,
   * region} and what {@code order} sorts by) in {@code order}, ties by {@code loan_id}; regions
   * without a quota get none.
   */
  static Dataset<Row> top(Dataset<Row> pool, Dataset<Row> quota, Column... order) {
    Column[] withTie = java.util.Arrays.copyOf(order, order.length + 1);
    withTie[order.length] = col("loan_id");
    return pool.join(quota, "region").withColumn("_n", row_number().over(
        Window.partitionBy("region").orderBy(withTie))).filter(col("_n").leq(col("_quota")));
  }

  /** Mean {@code _true_gain} of the rows (0 without rows). */
  static double perVisit(Dataset<Row> visits) {
    Row r = visits.agg(coalesce(sum("_true_gain"), lit(0.0)), count(lit(1))).first();
    return r.getLong(1) == 0 ? 0 : r.getDouble(0) / r.getLong(1);
  }
}
