package com.visitrank.targeting;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The visit plan under capacity, with window functions and joins only (the capacity rows are
 * small, the candidates are not and never leave the executors):
 *
 * <ul>
 *   <li>{@link #slots}: every team's visit slots on its next working days, each day with a time
 *       window preferring weekday evenings and weekends inside legal and working hours;
 *   <li>{@link #select}: the most valuable candidates per region, enough that after holding out
 *       the control share the visited ones fill the region's slots, and the control group,
 *       stratified by region and bucket, deterministic for a seed;
 *   <li>{@link #assign}: visited loans to their region's slots, ordered by the team covering the
 *       loan's district, then district, so a team's day stays in few districts; no slot is
 *       used twice, so no team exceeds its visits per day. Control loans get a team and date the
 *       same way without using capacity.
 * </ul>
 */
public final class CapacityPlan {

  public static final String CONTROL = "control_group";
  public static final String VISIT_DATE = "suggested_visit_date";
  public static final String TIME_WINDOW = "time_window";
  public static final String VISIT_COST = "visit_cost";
  public static final String CAPACITY = "capacity";
  public static final String REGION_COST = "region_cost";
  public static final String REGION_MAX_COST = "region_max_cost";

  private static final double EPS = 1e-9;

  /**
   * Visiting hours, each {@code HH:mm-HH:mm}.
   *
   * @param legal when visits are allowed at all
   * @param weekday preferred window on Monday to Friday (evenings)
   * @param weekend preferred window on Saturday and Sunday
   */
  public record Hours(String legal, String weekday, String weekend) {}

  private CapacityPlan() {}

  /**
   * One row per visit slot: {@code region, team_id, team_order, visit_date, time_window, slot,
   * cost_per_visit}. A team's horizon is its first {@code horizonDays} working days after
   * {@code asOf} (within 4 weeks) on which some legal time is inside its working hours. The
   * window is the preferred one for the day's kind, cut to legal and working hours; when that
   * leaves nothing, legal time inside working hours.
   *
   * @param teams rows of {@code clean/teams}
   */
  public static Dataset<Row> slots(Dataset<Row> teams, LocalDate asOf, int horizonDays,
      Hours hours) {
    Column days = sequence(lit(Date.valueOf(asOf.plusDays(1))),
        lit(Date.valueOf(asOf.plusDays(28))));
    Column weekend = dayofweek(col("visit_date")).isin(1, 7);
    Column teamStart = trim(element_at(split(col("working_hours"), "-"), 1));
    Column teamEnd = trim(element_at(split(col("working_hours"), "-"), 2));
    Column prefStart = when(weekend, lit(start(hours.weekend()))).otherwise(start(hours.weekday()));
    Column prefEnd = when(weekend, lit(end(hours.weekend()))).otherwise(end(hours.weekday()));
    // HH:mm strings order like times, so greatest/least intersect windows.
    Column openStart = greatest(lit(start(hours.legal())), teamStart);
    Column openEnd = least(lit(end(hours.legal())), teamEnd);
    Column prefOk = greatest(prefStart, openStart).lt(least(prefEnd, openEnd));
    Column window = when(prefOk, concat_ws("-", greatest(prefStart, openStart),
        least(prefEnd, openEnd))).when(openStart.lt(openEnd), concat_ws("-", openStart, openEnd));
    WindowSpec byTeamDay = Window.partitionBy("team_id").orderBy("visit_date");
    return teams
        .withColumn("visit_date", explode(days))
        .filter(array_contains(transform(split(upper(col("working_days")), ","),
            d -> trim(d)), upper(date_format(col("visit_date"), "EEE"))))
        .withColumn(TIME_WINDOW, window)
        .filter(col(TIME_WINDOW).isNotNull())
        .withColumn("day_no", row_number().over(byTeamDay))
        .filter(col("day_no").leq(horizonDays))
        .withColumn("team_order", dense_rank().over(
            Window.partitionBy("region").orderBy("team_id")))
        .withColumn("slot", explode(sequence(lit(1), col("visits_per_day"))))
        .select(col("region"), col("team_id"), col("team_order"), col("visit_date"),
            col(TIME_WINDOW), col("slot"), col("cost_per_visit").cast("double")
                .as("cost_per_visit"));
  }

  /**
   * Slots per region, their mean and highest cost: {@code region, capacity, region_cost,
   * region_max_cost}. Small.
   */
  public static Dataset<Row> capacity(Dataset<Row> slots) {
    return slots.groupBy("region").agg(count(lit(1)).as(CAPACITY),
        avg("cost_per_visit").as(REGION_COST),
        org.apache.spark.sql.functions.max("cost_per_visit").as(REGION_MAX_COST));
  }

  /**
   * The planned set: per region, the {@code floor(capacity / (1 - controlShare))} candidates
   * with the highest {@code expected_gain} (ties by loan_id), and {@link #CONTROL}: within a
   * region the selected loans are ordered by bucket, then by a hash of the seed and loan_id, and
   * every row where the running count times the share crosses a whole number is held out
   * (systematic sampling), so each region's control share is exact to one loan and each
   * bucket's within one loan, and the visited ones never exceed the capacity.
   *
   * @param candidates eligible rows with {@code loan_id, region, bucket, expected_gain}
   * @param capacity rows of {@link #capacity}
   */
  public static Dataset<Row> select(Dataset<Row> candidates, Dataset<Row> capacity,
      double controlShare, long seed) {
    Column keep = floor(col(CAPACITY).divide(lit(1.0 - controlShare)).plus(EPS));
    Column p = col("_p").cast("double");
    Column crosses = floor(p.multiply(controlShare).plus(EPS))
        .gt(floor(p.minus(1).multiply(controlShare).plus(EPS)));
    return candidates.join(capacity.select("region", CAPACITY), "region")
        .withColumn("_pos", row_number().over(Window.partitionBy("region")
            .orderBy(col("expected_gain").desc(), col("loan_id"))))
        .filter(col("_pos").leq(keep))
        .withColumn("_p", row_number().over(Window.partitionBy("region")
            .orderBy(col("bucket"), xxhash64(lit(seed), col("loan_id")), col("loan_id"))))
        .withColumn(CONTROL, crosses)
        .drop("_pos", "_p", CAPACITY);
  }

  /**
   * Adds {@code team_id}, {@link #VISIT_DATE}, {@link #TIME_WINDOW} and {@link #VISIT_COST}
   * (the team's cost per visit) to the rows of {@link #select}. First, each team takes the
   * visited loans of the districts it covers (teams' {@code districts} lists), ordered by
   * district then expected gain, into its slots ordered by date and slot, so a team's day stays
   * in few districts. Then the loans left over (their team is full, or no team covers their
   * district) take the region's unused slots in the same order. Each slot is used once, so no
   * team exceeds its visits per day. Control loans are placed the same way, onto their own
   * team's slots (or the region's first team) cyclically, without using capacity.
   *
   * @param teams rows of {@code clean/teams} (for the districts each team covers)
   */
  public static Dataset<Row> assign(Dataset<Row> selected, Dataset<Row> slots,
      Dataset<Row> teams) {
    Dataset<Row> numbered = slots
        .withColumn("_ts", row_number().over(Window.partitionBy("team_id")
            .orderBy("visit_date", "slot")))
        .withColumn("_tcap", count(lit(1)).over(Window.partitionBy("team_id")));
    Dataset<Row> coverage = teams
        .withColumn("district", explode(split(col("districts"), ";")))
        .select(col("region"), trim(col("district")).as("district"), col("team_id"))
        .join(numbered.select("team_id", "team_order").distinct(), "team_id")
        .groupBy("region", "district")
        .agg(org.apache.spark.sql.functions.min_by(col("team_id"), col("team_order"))
            .as("_home"));
    Dataset<Row> firstTeam = numbered.filter(col("team_order").equalTo(1))
        .select(col("region"), col("team_id").as("_first")).distinct();
    Dataset<Row> homed = selected.join(coverage, new String[] {"region", "district"}, "left")
        .join(firstTeam, new String[] {"region"}, "left")
        .withColumn("_home_or_first", coalesce(col("_home"), col("_first")))
        .withColumn("_hk", row_number().over(Window.partitionBy(col(CONTROL),
            col("_home_or_first"), col("_home").isNull()).orderBy(col("district"), col("expected_gain").desc(),
            col("loan_id"))));
    Dataset<Row> teamCaps = numbered.select("team_id", "_tcap").distinct();
    Dataset<Row> withCap = homed.join(teamCaps,
        homed.col("_home_or_first").equalTo(teamCaps.col("team_id")), "left").drop("team_id");
    Column atHome = not(col(CONTROL)).and(col("_home").isNotNull())
        .and(col("_hk").leq(col("_tcap")));
    Column slotOfTeam = when(col(CONTROL), col("_hk").minus(1).mod(col("_tcap")).plus(1))
        .otherwise(col("_hk"));
    Dataset<Row> slotCols = numbered.select(col("team_id"), col("_ts"),
        col("visit_date").as(VISIT_DATE), col(TIME_WINDOW), col("cost_per_visit").as(VISIT_COST));
    Dataset<Row> placed = withCap.filter(col(CONTROL).or(atHome))
        .withColumn("team_id", col("_home_or_first"))
        .withColumn("_ts", slotOfTeam)
        .join(slotCols, new String[] {"team_id", "_ts"});
    Dataset<Row> used = withCap.filter(atHome).groupBy(col("_home").as("team_id"))
        .agg(count(lit(1)).as("_used"));
    Dataset<Row> free = numbered.join(used, new String[] {"team_id"}, "left")
        .filter(col("_ts").gt(coalesce(col("_used"), lit(0))))
        .withColumn("_k", row_number().over(Window.partitionBy("region")
            .orderBy("team_order", "visit_date", "slot")))
        .select(col("region"), col("_k"), col("team_id"), col("visit_date").as(VISIT_DATE),
            col(TIME_WINDOW), col("cost_per_visit").as(VISIT_COST));
    Dataset<Row> overflow = withCap.filter(not(col(CONTROL)).and(not(atHome)))
        .withColumn("_k", row_number().over(Window.partitionBy("region").orderBy(
            coalesce(col("_home"), lit("~")), col("district"), col("expected_gain").desc(),
            col("loan_id"))))
        .join(free, new String[] {"region", "_k"});
    String[] helpers = {"_home", "_first", "_home_or_first", "_hk", "_tcap", "_ts", "_k"};
    return placed.drop(helpers).unionByName(overflow.drop(helpers));
  }

  static String start(String window) {
    return window.split("-")[0].trim();
  }

  static String end(String window) {
    return window.split("-")[1].trim();
  }
}
