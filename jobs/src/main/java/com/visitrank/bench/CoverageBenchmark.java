package com.visitrank.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.EvaluateSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.evaluation.EvaluationTables;
import com.visitrank.io.Warehouse;
import com.visitrank.jobs.EvaluateJob;
import com.visitrank.jobs.GenerateJob;
import com.visitrank.jobs.IngestJob;
import com.visitrank.jobs.JobContext;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import com.visitrank.world.MonthCalendar;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code bench coverage}: are the evaluation's 95% intervals honest? For each of several seeds
 * it generates a world with one randomised visit campaign, ingests it, evaluates the campaign
 * against its control group and checks whether the interval of the average effect on the amount
 * recovered in 90 days (intention to treat, per planned loan) covers the truth's effect: the mean,
 * over the loans planned for a visit, of the generator's exact expected recovery with a visit
 * minus without ({@code truth/loan_outlook} at the plan date). One campaign per world, so that no
 * later visit touches the control group inside the window.
 */
public final class CoverageBenchmark {

  /**
   * One seed's figures.
   *
   * @param seed the world's seed
   * @param estimate the evaluation's effect per planned loan
   * @param low lower end of its 95% interval
   * @param high upper end
   * @param truth the truth's effect per planned loan
   */
  public record SeedResult(long seed, double estimate, double low, double high, double truth) {

    public boolean covered() {
      return low <= truth && truth <= high;
    }
  }

  private final JobContext context;
  private final Config config;
  private final int seeds;
  private final long firstSeed;
  private final String root;

  public CoverageBenchmark(JobContext context, Config config, int seeds, long firstSeed,
      String root) {
    this.context = context;
    this.config = config;
    this.seeds = seeds;
    this.firstSeed = firstSeed;
    this.root = root;
  }

  /** The per-seed results and the {@code name = value} lines. */
  public List<String> run() {
    List<SeedResult> results = new ArrayList<>();
    for (int k = 0; k < seeds; k++) {
      long seed = firstSeed + k;
      SeedResult result = runSeed(seed);
      results.add(result);
      context.console().printf(Locale.ROOT, "[%s] seed %d: effect %+,.0f (95%% interval %+,.0f"
              + " .. %+,.0f), truth %+,.0f: %s%n", context.job(), seed, result.estimate(),
          result.low(), result.high(), result.truth(), result.covered() ? "covered" : "MISSED");
    }
    List<String> lines = new ArrayList<>();
    for (SeedResult r : results) {
      lines.add(String.format(Locale.ROOT, "coverage/seed_%d = %.0f [%.0f, %.0f] truth %.0f",
          r.seed(), r.estimate(), r.low(), r.high(), r.truth()));
    }
    long covered = results.stream().filter(SeedResult::covered).count();
    lines.add("coverage = " + covered + "/" + results.size());
    return lines;
  }

  private SeedResult runSeed(long seed) {
    Config seeded = config
        .withValue("generate.seed", ConfigValueFactory.fromAnyRef(seed))
        .withValue("visitrank.warehouse", ConfigValueFactory.fromAnyRef(root + "/seed-" + seed));
    ConfigReader reader = new ConfigReader(seeded);
    GenerateSettings generate = GenerateSettings.read(reader);
    CommonSettings common = new CommonSettings(root + "/seed-" + seed, Optional.empty(),
        Optional.empty(), CommonSettings.read(reader).samples());
    JobContext world = new JobContext(context.spark(), seeded, common, context.job(),
        List.of("visitrank", "generate", "evaluate"), context.console());
    Warehouse warehouse = world.warehouse();
    LocalDate end = MonthCalendar.end(generate.world().lastMonth());
    if (!warehouse.exists(Warehouse.CLEAN, RawTables.VISIT_PLANS)) {
      new GenerateJob(world, generate).run();
      new IngestJob(world, IngestSettings.read(reader), end).run();
    }
    new EvaluateJob(world, EvaluateSettings.read(reader), end).run();
    Row effect = warehouse.read(Warehouse.EVALUATION, EvaluationTables.EFFECTS,
            EvaluationTables.EFFECTS_SCHEMA)
        .filter(col(EvaluationTables.EVALUATION_DATE).equalTo(lit(Date.valueOf(end)))
            .and(col("metric").equalTo("recovered")).and(col("dimension").equalTo("all"))
            .and(col("horizon_days").equalTo(90)))
        .select("itt", "itt_low", "itt_high").first();
    if (effect.isNullAt(0) || effect.isNullAt(1)) {
      throw new IllegalStateException("Seed " + seed + ": the campaign has too few loans in a"
          + " group for an interval (evaluate.min-group-size); raise bench.loans");
    }
    Dataset<Row> planned = warehouse.read(Warehouse.CLEAN, RawTables.VISIT_PLANS,
            RawTables.VISIT_PLANS_SCHEMA).filter(col("control_group").equalTo(false))
        .select(col("plan_date").as("as_of_date"), col("loan_id"));
    double truth = warehouse.read(Warehouse.TRUTH, TruthTables.LOAN_OUTLOOK,
            TruthTables.LOAN_OUTLOOK_SCHEMA)
        .join(planned, new String[] {"as_of_date", "loan_id"}, "left_semi")
        .agg(avg(col("recovery_90d_visit").cast("double")
            .minus(col("recovery_90d_no_visit").cast("double")))).first().getDouble(0);
    return new SeedResult(seed, effect.getDouble(0), effect.getDouble(1), effect.getDouble(2),
        truth);
  }
}
