package com.visitrank.world;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Spark transformations that turn block numbers into the world's tables, and the aggregations
 * behind the world's headline figures. Each table is its own pass over the blocks: simulating a
 * block again is cheaper than caching every table of a large world.
 */
public final class WorldGenerator {

  private WorldGenerator() {}

  /** The rows of one table for the given blocks ({@code 0 .. simulator.blocks() - 1}). */
  public static Dataset<Row> table(Dataset<Long> blocks, WorldSimulator simulator,
      WorldTable table) {
    EnumSet<WorldTable> wanted = EnumSet.of(table);
    return blocks.flatMap(
        (FlatMapFunction<Long, Row>) block ->
            simulator.simulateBlock(block, wanted).get(table).iterator(),
        Encoders.row(table.schema()));
  }

  /** The teams table: a few rows per region, independent of the number of loans. */
  public static List<Row> teams(Geography geography) {
    List<Row> rows = new ArrayList<>();
    for (int region = 0; region < geography.regions(); region++) {
      for (int team = 0; team < geography.teamsPerRegion(); team++) {
        List<String> districts = new ArrayList<>();
        for (int district = 0; district < geography.districtsPerRegion(); district++) {
          if (geography.teamOf(district) == team) {
            districts.add(geography.districtName(region, district));
          }
        }
        rows.add(RowFactory.create(geography.teamId(region, team), geography.regionName(region),
            String.join(";", districts), geography.visitsPerDay(region, team),
            WorldSimulator.money(geography.costPerVisitCents(region, team)),
            "MON,TUE,WED,THU,FRI,SAT,SUN", "08:00-21:00"));
      }
    }
    return rows;
  }

  /** Loan-months in each bucket (M0..M4+), over all reported month ends. */
  public static Dataset<Row> bucketCounts(Dataset<Row> outlook) {
    return outlook.groupBy("bucket").agg(count(lit(1)).as("loans")).orderBy("bucket");
  }

  /**
   * Month-on-month transitions: of loans in a bucket at one month end, the share a month later
   * that rolled forward (M1 to M2 and M2 to M3) and that cured (M1 to M0).
   */
  public static Dataset<Row> rollRates(Dataset<Row> outlook) {
    Dataset<Row> now = outlook.select(col("loan_id"), col("as_of_date"), col("bucket"));
    Dataset<Row> next = outlook.select(col("loan_id").as("next_loan_id"),
        col("as_of_date").as("next_date"), col("bucket").as("next_bucket"));
    Column nextMonthEnd = last_day(org.apache.spark.sql.functions.add_months(col("as_of_date"), 1));
    Dataset<Row> joined = now.join(next, col("loan_id").equalTo(col("next_loan_id"))
        .and(col("next_date").equalTo(nextMonthEnd)));
    return joined.agg(
        avg(when(col("bucket").equalTo("M1"),
            when(col("next_bucket").isin("M2", "M3", "M4+"), 1.0).otherwise(0.0))).as("roll_m1_m2"),
        avg(when(col("bucket").equalTo("M2"),
            when(col("next_bucket").isin("M3", "M4+"), 1.0).otherwise(0.0))).as("roll_m2_m3"),
        avg(when(col("bucket").equalTo("M1"),
            when(col("next_bucket").equalTo("M0"), 1.0).otherwise(0.0))).as("cure_m1_m0"));
  }

  /** Right-party contact rate of calls: reached, refused or promised over all call attempts. */
  public static Dataset<Row> callReachRate(Dataset<Row> contacts) {
    return contacts.filter(col("channel").equalTo("call"))
        .agg(avg(when(col("outcome").isin("reached", "refused", "promise_to_pay"), 1.0)
            .otherwise(0.0)).as("call_reach_rate"), count(lit(1)).as("calls"));
  }

  /**
   * Share of promises to pay that were kept: the loan's payments from the promise's day to the
   * promised date add up to at least the promised amount.
   */
  public static Dataset<Row> promiseKeptRate(Dataset<Row> contacts, Dataset<Row> payments) {
    Dataset<Row> promises = contacts.filter(col("outcome").equalTo("promise_to_pay"))
        .select(col("contact_id"), col("loan_id"), to_date(col("contact_time")).as("promise_day"),
            col("promised_amount"), col("promised_date"));
    Dataset<Row> paid = payments.select(col("loan_id").as("paid_loan_id"), col("payment_date"),
        col("amount"));
    Dataset<Row> perPromise = promises.join(paid,
            col("loan_id").equalTo(col("paid_loan_id"))
                .and(col("payment_date").geq(col("promise_day")))
                .and(col("payment_date").leq(col("promised_date"))), "left")
        .groupBy("contact_id", "promised_amount")
        .agg(sum(when(col("amount").isNull(), lit(0)).otherwise(col("amount"))).as("paid"));
    return perPromise.agg(
        avg(when(col("paid").geq(col("promised_amount")), 1.0).otherwise(0.0))
            .as("promise_kept_rate"),
        count(lit(1)).as("promises"));
  }
}
