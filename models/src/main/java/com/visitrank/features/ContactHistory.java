package com.visitrank.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Non-site collection contacts of each loan before each as-of date T, as conditional aggregates
 * over the contacts joined to the (loan, T) keys: attempts and reach in the last 30 and 90 days,
 * invalid numbers, refusals, promises made, kept and broken, days since the latest successful
 * contact. A promise is kept when the payments from its day to its promised date add up to the
 * promised amount; that depends on the promise only, so it is decided once per promise.
 */
final class ContactHistory {

  private static final String PROMISE = "promise_to_pay";

  /** Days up to T that the contact counts look at (the longest of their windows). */
  private static final int RECENT_DAYS = 90;

  private ContactHistory() {}

  /**
   * The contact features of every key ({@code loan_id}, {@code as_of_date}); a loan without
   * contacts has zero counts and null rates and days.
   *
   * <p>No contact is shuffled as it is: each is paired with the as-of dates it counts for (a
   * broadcast of {@code dates}) and reduced to one row per loan and date before any shuffle.
   * The counts look at the {@value #RECENT_DAYS} days up to T only; the latest successful
   * contact at any time before T. Promises and payments outside the days any T looks at are
   * left out before kept promises are decided.
   *
   * @param dates the as-of dates of the keys, one column {@code as_of_date}
   */
  static Dataset<Row> of(Dataset<Row> keys, Dataset<Row> dates, Dataset<Row> contacts,
      Dataset<Row> payments) {
    Dataset<Row> all = contacts.select(col("loan_id"), to_date(col("contact_time")).as("_day"),
        col("channel").as("_channel"), col("outcome").as("_outcome"), col("promised_amount"),
        col("promised_date"));
    Dataset<Row> asOf = broadcast(dates.select("as_of_date"));
    Column day = col("_day");
    Column outcome = col("_outcome");
    Column known = day.leq(col("as_of_date"));
    Column in30 = known.and(day.gt(expr("date_sub(as_of_date, 30)")));
    Column in90 = known.and(day.gt(expr("date_sub(as_of_date, " + RECENT_DAYS + ")")));
    Column call = col("_channel").equalTo("call");
    Column reached = call.and(outcome.isin("reached", "refused", PROMISE));
    Column promiseDue = in90.and(col("promised_date").lt(col("as_of_date")));
    Column due = promiseDue.and(outcome.equalTo(PROMISE));
    Dataset<Row> recent = all.join(asOf, in90)
        .groupBy("loan_id", "as_of_date")
        .agg(counted(in30).as("contact_attempts_30d"),
            counted(in90).as("contact_attempts_90d"),
            counted(in30.and(call)).as("_calls_30d"),
            counted(in30.and(reached)).as("_reached_30d"),
            counted(in90.and(call)).as("_calls_90d"),
            counted(in90.and(reached)).as("_reached_90d"),
            counted(in90.and(outcome.equalTo("invalid_number"))).as("invalid_number_90d"),
            counted(in90.and(outcome.equalTo("refused"))).as("refusals_90d"),
            counted(in90.and(outcome.equalTo(PROMISE))).as("promises_made_90d"),
            counted(due).as("_promises_due_90d"));
    Dataset<Row> latest = all.filter(outcome.isin("reached", PROMISE)).join(asOf, known)
        .groupBy("loan_id", "as_of_date").agg(max(day).as("_last_contact"));
    // Kept promises come from the (few) promises alone, joined to the keys on their own: joining
    // the kept flags back to every contact would shuffle all contacts once more.
    Dataset<Row> kept = keys.join(kept(all, payments, dates), "loan_id")
        .groupBy("loan_id", "as_of_date")
        .agg(sum(when(promiseDue.and(col("_kept")), col("_copies")).otherwise(0L)).cast("int")
            .as("promises_kept_90d"));
    Column promisesKept = coalesce(col("promises_kept_90d"), lit(0));
    String[] key = {"loan_id", "as_of_date"};
    return keys.join(recent, key, "left").join(latest, key, "left").join(kept, key, "left")
        .select(col("loan_id"), col("as_of_date"), zero("contact_attempts_30d"),
            zero("contact_attempts_90d"), rate("_reached_30d", "_calls_30d").as("reach_rate_30d"),
            rate("_reached_90d", "_calls_90d").as("reach_rate_90d"), zero("invalid_number_90d"),
            zero("refusals_90d"), zero("promises_made_90d"), promisesKept.as("promises_kept_90d"),
            coalesce(col("_promises_due_90d"), lit(0)).minus(promisesKept)
                .as("promises_broken_90d"),
            expr("datediff(as_of_date, _last_contact)").as("days_since_contact"));
  }

  /**
   * Per distinct promise (loan, day, promised date and amount) with its number of
   * {@code _copies}: {@code _kept}, whether the payments dated from the promise's day to its
   * promised date reach the promised amount. Promises without an amount or date are left out
   * (never kept).
   */
  private static Dataset<Row> kept(Dataset<Row> contacts, Dataset<Row> payments,
      Dataset<Row> dates) {
    String[] promise = {"loan_id", "_day", "promised_date", "promised_amount", "_copies"};
    // Only promises made in the RECENT_DAYS up to some T and due before it count, so only
    // payments in (first T - RECENT_DAYS, last T) can reach one: a payment before a promise's
    // day cancels out of both sums below, one after its promised date is in neither.
    Dataset<Row> span = broadcast(dates.agg(
        expr("date_sub(min(as_of_date), " + RECENT_DAYS + ")").as("_from"),
        max("as_of_date").as("_to")));
    Column inSpan = col("_from").lt(col("_pay_date")).and(col("_pay_date").lt(col("_to")));
    Dataset<Row> pay = payments.select(col("loan_id"), col("payment_date").as("_pay_date"),
        Cents.of(col("amount")).as("_pay_c")).join(span, inSpan).drop("_from", "_to");
    Column date = col("_pay_date");
    Column made = col("_from").lt(col("_day")).and(col("promised_date").lt(col("_to")));
    return contacts.filter(col("_outcome").equalTo(PROMISE)
            .and(col("promised_date").isNotNull()).and(col("promised_amount").isNotNull()))
        .join(span, made).drop("_from", "_to")
        .groupBy("loan_id", "_day", "promised_date", "promised_amount")
        .agg(count(lit(1)).as("_copies"))
        // Hashing the few promises, not sorting every payment: about 1 s less CPU per 200,000
        // loans; the promises of one shuffle partition must fit in memory.
        .hint("shuffle_hash")
        .join(pay, new String[] {"loan_id"}, "left")
        .groupBy(promise[0], promise[1], promise[2], promise[3], promise[4])
        .agg(sum(when(date.leq(col("promised_date")), col("_pay_c")).otherwise(0L))
            .minus(sum(when(date.lt(col("_day")), col("_pay_c")).otherwise(0L)))
            .geq(Cents.of(col("promised_amount"))).as("_kept"))
        .select("loan_id", "_day", "promised_date", "_copies", "_kept");
  }

  private static Column counted(Column condition) {
    return count(when(condition, 1)).cast("int");
  }

  private static Column zero(String count) {
    return coalesce(col(count), lit(0)).as(count);
  }

  private static Column rate(String part, String whole) {
    return when(col(whole).gt(0), expr("round(" + part + " / " + whole + ", 4)"));
  }
}
