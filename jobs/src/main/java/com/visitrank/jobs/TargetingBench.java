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
import com.visitrank.config.TargetSettings;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TargetTables;
import com.visitrank.schema.TruthTables;
import com.visitrank.targeting.CapacityPlan;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bench targeting}: the decision quality of {@code target} on generated data. In a
 * warehouse of its own it stages the bundled samples (or generates a world of
 * {@code bench.loans} loans with two past randomised campaigns), runs ingest and features (4
 * month ends of history, for labels), fits a plain logistic scorer and runs {@code target}.
 * Then, against {@code truth/loan_outlook} at the as-of date and with the plan's own number of
 * visits per region, it compares the true gain per visit (recovery_90d_visit -
 * recovery_90d_no_visit - cost, cost = the region's mean cost per visit for all three) of the
 * plan's visited loans, of the rule of thumb (longest overdue, then largest overdue amount,
 * among past-due loans not in litigation) and of the oracle (the truth's best visits among the
 * same loans).
 */
public final class TargetingBench {

  /**
   * The figures.
   *
   * @param visits visits in the plan (and in each comparison plan)
   * @param planGain true gain per visit of the plan
   * @param ruleGain true gain per visit of the rule of thumb
   * @param oracleGain true gain per visit of the oracle
   * @param target the target run
   * @param asOf the as-of date
   */
  public record Result(long visits, double planGain, double ruleGain, double oracleGain,
      TargetJob.Result target, LocalDate asOf) {

    public double planVsRule() {
      return planGain / ruleGain;
    }

    public double planVsOracle() {
      return planGain / oracleGain;
    }
  }

  private final JobContext context;
  private final Config config;
  private final CommonSettings common;
  private final TargetSettings target;
  private final IngestSettings ingest;
  private final FeaturesSettings features;
  private final Optional<GenerateSettings> generate;

  /**
   * @param generate settings of the world to generate, or empty to use the samples
   */
  public TargetingBench(JobContext context, Config config, CommonSettings common,
      TargetSettings target, IngestSettings ingest, FeaturesSettings features,
      Optional<GenerateSettings> generate) {
    this.context = context;
    this.config = config;
    this.common = common;
    this.target = target;
    this.ingest = ingest;
    this.features = features;
    this.generate = generate;
  }

  public Result run() {
    String root = common.warehouse() + "/bench-targeting/" + generate
        .map(g -> "loans-" + g.world().loans() + "-seed-" + g.world().seed()).orElse("samples");
    CommonSettings benchCommon = new CommonSettings(root, common.asOf(), common.runId(),
        common.samples());
    JobContext bench = new JobContext(context.spark(), config, benchCommon, "bench-targeting",
        List.of("visitrank", "target", "bench"), context.console());
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
    StructType labelled = new StructType().add("loan_id", "string").add("as_of_date", "date")
        .add("label_long_overdue_60d", "boolean");
    LocalDate asOf;
    if (warehouse.exists(Warehouse.FEATURES, FeaturesJob.TABLE)) {
      asOf = warehouse.read(Warehouse.FEATURES, FeaturesJob.TABLE, labelled)
          .agg(org.apache.spark.sql.functions.max("as_of_date")).first().getDate(0).toLocalDate();
      bench.console().printf("[%s] reusing ingested tables and features of %s in %s%n",
          bench.job(), asOf, root);
    } else {
      FeaturesSettings history = new FeaturesSettings(4, features.horizons());
      asOf = PipelineJob.latestMonthEnd(warehouse);
      new IngestJob(bench, ingest, asOf).run();
      new FeaturesJob(bench, history, asOf).run();
    }
    Dataset<Row> snapshots = warehouse.read(Warehouse.FEATURES, FeaturesJob.TABLE, labelled);
    BenchScorer scorer = bench.step("fit the bench scorer",
        () -> BenchScorer.fit(snapshots.filter(col("as_of_date").lt(lit(Date.valueOf(asOf))))));
    TargetJob.Result planned = new TargetJob(bench, target, features, asOf, scorer).run();

    Column atAsOf = col("as_of_date").equalTo(lit(Date.valueOf(asOf)));
    Dataset<Row> truth = warehouse.read(Warehouse.TRUTH, TruthTables.LOAN_OUTLOOK,
            TruthTables.LOAN_OUTLOOK_SCHEMA).filter(atAsOf)
        .select(col("loan_id"), col("recovery_90d_visit").cast("double")
            .minus(col("recovery_90d_no_visit").cast("double")).as("_true_uplift"));
    Dataset<Row> teams = warehouse.read(Warehouse.CLEAN, RawTables.TEAMS,
        RawTables.TEAMS_SCHEMA);
    Dataset<Row> cost = CapacityPlan.capacity(CapacityPlan.slots(teams, asOf,
        target.horizonDays(), target.hours())).select("region", CapacityPlan.REGION_COST);
    Dataset<Row> visited = warehouse.read(Warehouse.TARGETS, TargetTables.VISIT_TARGETS,
            TargetTables.VISIT_TARGETS_SCHEMA).filter(atAsOf.and(not(col("control_group"))));
    Dataset<Row> quota = visited.groupBy("region").agg(count(lit(1)).as("_quota"));
    Dataset<Row> pool = warehouse.read(Warehouse.FEATURES, FeaturesJob.TABLE, labelled)
        .filter(atAsOf.and(col("dpd").gt(0)).and(not(col("in_litigation"))))
        .select("loan_id", "region", "dpd", "overdue_amount")
        .join(truth, "loan_id").join(cost, "region").join(quota, "region")
        .withColumn("_true_gain", col("_true_uplift").minus(col(CapacityPlan.REGION_COST)));
    double plan = perVisit(visited.select("loan_id", "region").join(truth, "loan_id")
        .join(cost, "region")
        .withColumn("_true_gain", col("_true_uplift").minus(col(CapacityPlan.REGION_COST))));
    double rule = perVisit(top(pool, col("dpd").desc(), col("overdue_amount").desc()));
    double oracle = perVisit(top(pool, col("_true_gain").desc()));
    long visits = planned.planned();
    return new Result(visits, plan, rule, oracle, planned, asOf);
  }

  private static Dataset<Row> top(Dataset<Row> pool, Column... order) {
    Column[] withTie = java.util.Arrays.copyOf(order, order.length + 1);
    withTie[order.length] = col("loan_id");
    return pool.withColumn("_n", row_number().over(Window.partitionBy("region")
        .orderBy(withTie))).filter(col("_n").leq(col("_quota")));
  }

  private static double perVisit(Dataset<Row> visits) {
    Row r = visits.agg(coalesce(sum("_true_gain"), lit(0.0)), count(lit(1))).first();
    return r.getLong(1) == 0 ? 0 : r.getDouble(0) / r.getLong(1);
  }
}
