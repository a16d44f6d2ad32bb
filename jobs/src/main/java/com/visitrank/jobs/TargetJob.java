package com.visitrank.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.features.LoanFeatures;
import com.visitrank.features.PointInTime;
import com.visitrank.io.Warehouse;
import com.visitrank.model.Scorer;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TargetTables;
import com.visitrank.targeting.CapacityPlan;
import com.visitrank.targeting.Eligibility;
import com.visitrank.targeting.Qini;
import com.visitrank.targeting.SegmentUplift;
import com.visitrank.targeting.Situation;
import com.visitrank.targeting.Uplift;
import com.visitrank.targeting.VisitTargets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code target} job: scores the loans active at the as-of date with the champion model,
 * keeps the eligible ones (triggers and exclusions), values a visit to each by its expected gain
 * (uplift model learned from past randomised plans, or priors), plans the most valuable visits
 * under every team's capacity with a stratified control group, and publishes
 * {@code targets/visit_targets} and the restricted {@code targets/visit_contacts} for the date.
 */
public final class TargetJob {

  /**
   * What a target run did.
   *
   * @param eligible eligible loans
   * @param exclusions loans not eligible, by reason (NOT_PAST_DUE, NO_TRIGGER, LITIGATION, ...)
   * @param planned loans to visit
   * @param heldOut control loans (selected, not visited)
   * @param byTeam visits planned per team
   * @param expectedGain total expected gain of the planned visits
   * @param upliftSource {@code model} or {@code prior}
   * @param upliftRows visited and control rows of past plans with an ended outcome window
   * @param qini the uplift model's Qini curve on held-out past plans, when a model was learned
   */
  public record Result(long eligible, Map<String, Long> exclusions, long planned, long heldOut,
      Map<String, Long> byTeam, double expectedGain, String upliftSource, long[] upliftRows,
      Optional<Qini.Result> qini) {}

  private final JobContext context;
  private final TargetSettings settings;
  private final FeaturesSettings features;
  private final LocalDate asOf;
  private final Scorer scorer;

  public TargetJob(JobContext context, TargetSettings settings, FeaturesSettings features,
      LocalDate asOf, Scorer scorer) {
    this.context = context;
    this.settings = settings;
    this.features = features;
    this.asOf = asOf;
    this.scorer = scorer;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    String job = context.job();
    Dataset<Row> loans = context.clean(RawTables.LOANS, true);
    Dataset<Row> payments = context.clean(RawTables.PAYMENTS, true);
    Dataset<Row> teams = context.clean(RawTables.TEAMS, true);
    Dataset<Row> visits = context.clean(RawTables.VISITS, false);
    Dataset<Row> plans = context.clean(RawTables.VISIT_PLANS, false);
    Dataset<Row> contacts = context.clean(RawTables.CUSTOMER_CONTACTS, false);
    Dataset<Row> snapshot = snapshot();

    Dataset<Row> flagged = Situation.predict(Eligibility.flag(scorer.score(snapshot), loans,
        Eligibility.disputes(visits, asOf, settings.disputeReasons()), asOf, settings.rules()))
        .cache();
    Map<String, Long> exclusions = new LinkedHashMap<>();
    long eligible = context.step("eligibility", () -> {
      long n = 0;
      for (Row row : flagged.groupBy(Eligibility.EXCLUSION).count()
          .orderBy(Eligibility.EXCLUSION).collectAsList()) {
        if (row.isNullAt(0)) {
          n = row.getLong(1);
        } else {
          exclusions.put(row.getString(0), row.getLong(1));
        }
      }
      return n;
    });
    context.console().printf("[%s] eligible %,d; not eligible: %s%n", job, eligible, exclusions);

    Dataset<Row> outcomes = Uplift.outcomes(plans, payments, asOf, settings.outcomeDays());
    Row arms = outcomes.agg(coalesce(sum(when(col(Uplift.TREATED), 1).otherwise(0)), lit(0L)),
        coalesce(sum(when(col(Uplift.TREATED), 0).otherwise(1)), lit(0L))).first();
    long[] upliftRows = {arms.getLong(0), arms.getLong(1)};
    Dataset<Row> candidates = withEvidence(Eligibility.eligible(flagged));
    Dataset<Row> valued;
    Optional<Qini.Result> qini = Optional.empty();
    String source = Uplift.SOURCE_MODEL;
    if (Math.min(upliftRows[0], upliftRows[1]) >= settings.minRows()) {
      Dataset<Row> training = withEvidence(Situation.predict(scorer.score(
          trainingRows(outcomes, loans, payments, visits)))).cache();
      Column validation = xxhash64(lit(settings.seed()), col("loan_id")).mod(1000).cast("double")
          .divide(1000.0);
      Column holdout = when(validation.lt(0), validation.plus(1)).otherwise(validation)
          .lt(settings.validationShare());
      Dataset<Row> fitted = training.filter(not(holdout));
      Dataset<Row> heldOutPlans = training.filter(holdout);
      Qini.Result curve;
      if (settings.learner().equals(TargetSettings.FORESTS)) {
        // The model validated on the held-out plans is the one used: no refit on all plans.
        Uplift model = context.step("learn uplift forests on past plans",
            () -> Uplift.fit(fitted, settings.forest()));
        curve = Qini.curve(Qini.bins(model.predict(heldOutPlans), Uplift.UPLIFT, 10)
            .collectAsList());
        valued = model.predict(candidates);
      } else {
        // A few coefficients per segment: validated without the held-out plans, then refitted
        // on all of them, since every row narrows the segments' estimates.
        SegmentUplift validated = context.step("learn uplift by segment without held-out plans",
            () -> SegmentUplift.fit(fitted, settings.segments()));
        curve = Qini.curve(Qini.bins(validated.predict(heldOutPlans, Uplift.SOURCE_MODEL),
            Uplift.UPLIFT, 10).collectAsList());
        SegmentUplift model = context.step("learn uplift by segment on all past plans",
            () -> SegmentUplift.fit(training, settings.segments()));
        valued = model.predict(candidates, Uplift.SOURCE_MODEL);
        printCoefficients(model);
      }
      qini = Optional.of(curve);
      context.console().printf("[%s] uplift %s on %,d visited / %,d control past plans;"
              + " Qini area %.1f vs random %.1f (coefficient %.1f)%n", job,
          settings.learner(), upliftRows[0], upliftRows[1], curve.area(), curve.randomArea(),
          curve.coefficient());
      training.unpersist();
    } else {
      context.console().printf("[%s] %,d visited / %,d control past plans with %d days of"
              + " follow-up (need %,d each): visit effects from priors%n", job, upliftRows[0],
          upliftRows[1], settings.outcomeDays(), settings.minRows());
      valued = SegmentUplift.priors(settings.segments()).predict(candidates,
          Uplift.SOURCE_PRIOR);
      source = Uplift.SOURCE_PRIOR;
    }

    Dataset<Row> slots = CapacityPlan.slots(teams, asOf, settings.horizonDays(),
        settings.hours()).cache();
    Dataset<Row> capacity = CapacityPlan.capacity(slots);
    // At the region's dearest team's cost, so that the published gain (at the assigned team's
    // cost) stays above the threshold; a constant per region, so the ranking is the same.
    Dataset<Row> worthwhile = VisitTargets.expectedGain(valued.join(capacity, "region"),
            CapacityPlan.REGION_MAX_COST)
        .filter(col(VisitTargets.EXPECTED_GAIN).gt(settings.minExpectedGain()))
        .drop(CapacityPlan.CAPACITY, CapacityPlan.REGION_COST, CapacityPlan.REGION_MAX_COST);
    Dataset<Row> selected = CapacityPlan.select(worthwhile, capacity, settings.controlShare(),
        settings.seed());
    Dataset<Row> targets = VisitTargets.contractRows(
        CapacityPlan.assign(selected, slots, teams), asOf, scorer.version(), context.runId());

    String runId = context.runId();
    long rows = context.step("plan targets/" + TargetTables.VISIT_TARGETS, () ->
        warehouse.stage(targets, Warehouse.TARGETS, TargetTables.VISIT_TARGETS, runId,
            "as_of_date"));
    Dataset<Row> staged = warehouse.readStaged(Warehouse.TARGETS, TargetTables.VISIT_TARGETS,
        runId);
    long contactRows = context.step("restricted targets/" + TargetTables.VISIT_CONTACTS, () ->
        warehouse.stage(VisitTargets.contacts(staged, contacts), Warehouse.TARGETS,
            TargetTables.VISIT_CONTACTS, runId, "as_of_date"));
    Map<String, Long> byTeam = new LinkedHashMap<>();
    long planned = 0;
    long heldOut = 0;
    double gain = 0;
    for (Row row : staged.groupBy("team_id", "control_group")
        .agg(count(lit(1)), sum("expected_gain")).orderBy("team_id", "control_group")
        .collectAsList()) {
      if (row.getBoolean(1)) {
        heldOut += row.getLong(2);
      } else {
        byTeam.put(row.getString(0), row.getLong(2));
        planned += row.getLong(2);
        gain += row.getDouble(3);
      }
    }
    context.step("publish targets/", () -> {
      warehouse.publication(runId)
          .partitions(Warehouse.TARGETS, TargetTables.VISIT_TARGETS, "as_of_date")
          .partitions(Warehouse.TARGETS, TargetTables.VISIT_CONTACTS, "as_of_date")
          .publish();
      return null;
    });
    flagged.unpersist();
    slots.unpersist();
    context.manifest().output(Warehouse.TARGETS + "/" + TargetTables.VISIT_TARGETS,
        warehouse.path(Warehouse.TARGETS, TargetTables.VISIT_TARGETS), rows);
    context.manifest().output(Warehouse.TARGETS + "/" + TargetTables.VISIT_CONTACTS,
        warehouse.path(Warehouse.TARGETS, TargetTables.VISIT_CONTACTS), contactRows);
    context.manifest().metric("target.eligible", eligible);
    context.manifest().metric("target.planned", planned);
    context.manifest().metric("target.held_out", heldOut);
    context.manifest().metric("target.expected_gain", gain);
    qini.ifPresent(q -> {
      context.manifest().metric("target.qini_area", q.area());
      context.manifest().metric("target.qini_random_area", q.randomArea());
    });
    return new Result(eligible, exclusions, planned, heldOut, byTeam, gain, source, upliftRows,
        qini);
  }

  /**
   * Prints the segment learner's estimates, one line per evidence: the no-visit share and the
   * responsiveness of each bucket, so that a planner can see why some loans rank first.
   */
  private void printCoefficients(SegmentUplift model) {
    context.console().printf("[%s] visit responsiveness (no-visit share) by evidence and bucket"
        + " %s:%n", context.job(), SegmentUplift.BUCKETS);
    Map<String, StringBuilder> lines = new LinkedHashMap<>();
    for (SegmentUplift.Coefficient c : model.coefficients()) {
      lines.computeIfAbsent(c.evidence(), e -> new StringBuilder())
          .append(String.format("  %6.3f (%.3f)", c.responsiveness(), c.noVisitShare()));
    }
    lines.forEach((evidence, line) -> context.console().printf("[%s]   %-16s%s%n",
        context.job(), evidence, line));
  }

  /**
   * Adds what the segment learner reads to scored rows with {@link Situation#SITUATION}:
   * {@link SegmentUplift#EVIDENCE} and {@link SegmentUplift#RISK} (from the scorer's
   * probability of its label).
   */
  private Dataset<Row> withEvidence(Dataset<Row> scored) {
    return scored
        .withColumn(SegmentUplift.EVIDENCE,
            SegmentUplift.evidence(settings.segments().maxDebtService()))
        .withColumn(SegmentUplift.RISK, SegmentUplift.risk(scorer.label()));
  }

  /**
   * Features at the as-of date, computed in-process by {@link FeaturesJob} when missing or
   * written by an earlier version without some of today's columns.
   */
  private Dataset<Row> snapshot() {
    Warehouse warehouse = context.warehouse();
    StructType expected = new StructType().add("loan_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType).add("dpd", DataTypes.IntegerType);
    FeaturesJob.Snapshots check = FeaturesJob.check(warehouse, List.of(asOf));
    if (!check.toCompute().isEmpty()) {
      context.console().printf("[%s] %s: computing them%n", context.job(),
          check.missing().isEmpty()
              ? "features/" + FeaturesJob.TABLE + " for " + asOf + " lacks " + String.join(", ",
                  check.outdated().get(asOf)) + " (written by an earlier version)"
              : "no features/" + FeaturesJob.TABLE + " for " + asOf);
      new FeaturesJob(context, new FeaturesSettings(0, features.horizons()), asOf).run();
    }
    context.manifest().input(Warehouse.FEATURES + "/" + FeaturesJob.TABLE,
        warehouse.path(Warehouse.FEATURES, FeaturesJob.TABLE));
    return FeaturesJob.read(warehouse, List.of(asOf), expected);
  }

  /**
   * Past plans with their outcome and the loan's features at the plan date, computed in memory
   * from the clean tables (point in time: only events up to each plan date).
   */
  private Dataset<Row> trainingRows(Dataset<Row> outcomes, Dataset<Row> loans,
      Dataset<Row> payments, Dataset<Row> visits) {
    List<Row> dates = new ArrayList<>();
    for (Row row : outcomes.select("plan_date").distinct().orderBy("plan_date")
        .collectAsList()) {
      dates.add(RowFactory.create(row.getDate(0)));
    }
    Dataset<Row> dateTable = context.spark().createDataFrame(dates, PointInTime.datesSchema());
    Dataset<Row> history = LoanFeatures.compute(loans, context.clean(RawTables.SCHEDULE, true),
        payments, context.clean(RawTables.CONTACTS, false), visits,
        context.clean(RawTables.CUSTOMERS, true), dateTable,
        asOf, features.horizons());
    return outcomes.join(history.withColumnRenamed("as_of_date", "plan_date"),
        new String[] {"plan_date", "loan_id"});
  }
}
