package com.visitrank.world;

import static com.visitrank.testing.RawRows.contact;
import static com.visitrank.testing.RawRows.payment;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.schema.RawTables;
import com.visitrank.testing.DataFrameAssertions;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class WorldGeneratorTest {

  private static Dataset<Row> table(SparkSession spark, WorldSimulator simulator,
      WorldTable table, int partitions) {
    Dataset<Long> blocks = spark.range(0, simulator.blocks(), 1, partitions).as(Encoders.LONG());
    return WorldGenerator.table(blocks, simulator, table);
  }

  /**
   * The truth's probabilities and expectations agree with what actually happens in the world, as
   * the raw tables record it: the share of loans more than 30 days past due (or written off) at
   * T+60, and the amount repaid in (T, T+90], computed from schedule and payments by the labels'
   * literal definitions.
   */
  @Test
  void truthAgreesWithOutcomesRealisedInTheRawTables(SparkSession spark) {
    WorldSimulator simulator = new WorldSimulator(Worlds.realistic(12_000, 21, 0));
    LocalDate t = LocalDate.of(2024, 9, 30);
    Dataset<Row> outlook = table(spark, simulator, WorldTable.LOAN_OUTLOOK, 2)
        .filter(col("as_of_date").equalTo(lit(Date.valueOf(t))));
    Dataset<Row> schedule = table(spark, simulator, WorldTable.SCHEDULE, 2);
    Dataset<Row> payments = table(spark, simulator, WorldTable.PAYMENTS, 2);
    Dataset<Row> loans = table(spark, simulator, WorldTable.LOANS, 2);

    Dataset<Row> dueBy = schedule.filter(col("due_date").leq(lit(Date.valueOf(t.plusDays(29)))))
        .groupBy(col("loan_id").as("d_loan"))
        .agg(sum(col("principal_due").plus(col("interest_due"))).as("due"));
    Dataset<Row> paidBy = payments.filter(col("payment_date").leq(lit(Date.valueOf(t.plusDays(60)))))
        .groupBy(col("loan_id").as("p_loan")).agg(sum("amount").as("paid"));
    Dataset<Row> recovered = payments.filter(col("payment_date").gt(lit(Date.valueOf(t)))
            .and(col("payment_date").leq(lit(Date.valueOf(t.plusDays(90))))))
        .groupBy(col("loan_id").as("r_loan")).agg(sum("amount").as("recovered"));
    Dataset<Row> joined = outlook
        .join(loans.select(col("loan_id").as("l_loan"), col("written_off_date")),
            col("loan_id").equalTo(col("l_loan")))
        .join(dueBy, col("loan_id").equalTo(col("d_loan")), "left")
        .join(paidBy, col("loan_id").equalTo(col("p_loan")), "left")
        .join(recovered, col("loan_id").equalTo(col("r_loan")), "left")
        .withColumn("long_overdue", when(col("written_off_date")
            .leq(lit(Date.valueOf(t.plusDays(60)))), 1.0)
            .when(coalesce(col("paid"), lit(0)).lt(coalesce(col("due"), lit(0))), 1.0)
            .otherwise(0.0))
        .withColumn("recovered", coalesce(col("recovered"), lit(BigDecimal.ZERO)).cast("double"));

    Row all = summary(joined);
    Row overdue = summary(joined.filter(col("bucket").notEqual("M0")));
    assertTrue(all.getLong(0) > 5_000, "active loans at T: " + all.getLong(0));
    assertClose("P(long overdue at T+60), all loans", all.getDouble(1), all.getDouble(2),
        all.getDouble(3));
    assertClose("P(long overdue at T+60), overdue loans", overdue.getDouble(1),
        overdue.getDouble(2), overdue.getDouble(3));
    assertClose("amount repaid in (T, T+90], overdue loans", overdue.getDouble(4),
        overdue.getDouble(5), overdue.getDouble(6));
  }

  /** n, realised rate, expected rate, its standard error, realised mean, expected, its error. */
  private static Row summary(Dataset<Row> joined) {
    Row row = joined.agg(count(lit(1)), avg("long_overdue"),
        avg("p_long_overdue_60d_no_visit"),
        sum(col("p_long_overdue_60d_no_visit").multiply(lit(1).minus(
            col("p_long_overdue_60d_no_visit")))),
        avg("recovered"), avg(col("recovery_90d_no_visit").cast("double")),
        org.apache.spark.sql.functions.stddev_samp("recovered")).first();
    long n = row.getLong(0);
    return RowFactory.create(n, row.getDouble(1), row.getDouble(2),
        Math.sqrt(row.getDouble(3)) / n, row.getDouble(4), row.getDouble(5),
        row.getDouble(6) / Math.sqrt(n));
  }

  private static void assertClose(String what, double realised, double expected, double error) {
    assertTrue(Math.abs(realised - expected) < 4 * error + 1e-9,
        what + ": realised " + realised + " vs truth " + expected + " (standard error " + error
            + ")");
  }

  @Test
  void rowsDoNotDependOnHowTheWorkIsSplit(SparkSession spark) {
    WorldSimulator simulator = new WorldSimulator(Worlds.realistic(700, 4, 1));
    for (WorldTable table : List.of(WorldTable.PAYMENTS, WorldTable.VISITS,
        WorldTable.LOAN_OUTLOOK)) {
      DataFrameAssertions.assertSameRows(table(spark, simulator, table, 1),
          table(spark, simulator, table, 5));
    }
  }

  @Test
  void teamsCoverEveryDistrictOnce() {
    Geography geography = new Geography(Worlds.realistic(10, 1, 0));
    List<Row> teams = WorldGenerator.teams(geography);
    assertEquals(12, teams.size());
    long districts = teams.stream().mapToLong(r -> r.getString(2).split(";").length).sum();
    assertEquals(30, districts);
    for (Row team : teams) {
      assertTrue(team.getInt(3) >= 4 && team.getInt(3) <= 8);
      BigDecimal cost = team.getDecimal(4);
      assertTrue(cost.compareTo(BigDecimal.valueOf(80)) >= 0
          && cost.compareTo(BigDecimal.valueOf(200)) <= 0, "cost " + cost);
    }
  }

  private static final StructType OUTLOOK_MINI = new StructType()
      .add("loan_id", DataTypes.StringType).add("as_of_date", DataTypes.DateType)
      .add("bucket", DataTypes.StringType);

  @Test
  void rollRatesCountTransitionsToTheNextMonthEnd(SparkSession spark) {
    Dataset<Row> outlook = spark.createDataFrame(List.of(
        RowFactory.create("a", Date.valueOf("2024-01-31"), "M1"),
        RowFactory.create("a", Date.valueOf("2024-02-29"), "M2"),
        RowFactory.create("b", Date.valueOf("2024-01-31"), "M1"),
        RowFactory.create("b", Date.valueOf("2024-02-29"), "M0"),
        RowFactory.create("c", Date.valueOf("2024-01-31"), "M1"),
        RowFactory.create("c", Date.valueOf("2024-02-29"), "M1"),
        RowFactory.create("d", Date.valueOf("2024-02-29"), "M2"),
        RowFactory.create("d", Date.valueOf("2024-03-31"), "M2"),
        RowFactory.create("e", Date.valueOf("2024-01-31"), "M1"),
        RowFactory.create("e", Date.valueOf("2024-03-31"), "M3")), OUTLOOK_MINI);
    Row rates = WorldGenerator.rollRates(outlook).first();
    assertEquals(1.0 / 3, rates.getDouble(0), 1e-12);
    assertEquals(0.0, rates.getDouble(1), 1e-12);
    assertEquals(1.0 / 3, rates.getDouble(2), 1e-12);
    DataFrameAssertions.assertSameRows(
        spark.createDataFrame(List.of(RowFactory.create("M1", 5L), RowFactory.create("M2", 3L),
            RowFactory.create("M0", 1L), RowFactory.create("M3", 1L)),
            new StructType().add("bucket", DataTypes.StringType)
                .add("loans", DataTypes.LongType, false)),
        WorldGenerator.bucketCounts(outlook));
  }

  @Test
  void promisesAreKeptWhenPaymentsUpToThePromisedDateCoverTheAmount(SparkSession spark) {
    Dataset<Row> contacts = spark.createDataFrame(List.of(
        contact("c1", "L1", "2024-03-02 10:00:00", "call", "promise_to_pay", "100.00",
            "2024-03-10"),
        contact("c2", "L2", "2024-03-02 10:00:00", "call", "promise_to_pay", "100.00",
            "2024-03-10"),
        contact("c3", "L3", "2024-03-02 10:00:00", "call", "promise_to_pay", "100.00",
            "2024-03-10"),
        contact("c4", "L1", "2024-03-01 10:00:00", "call", "no_answer", null, null),
        contact("c5", "L1", "2024-03-01 11:00:00", "call", "reached", null, null),
        contact("c6", "L1", "2024-03-01 12:00:00", "sms", "reached", null, null)),
        RawTables.CONTACTS_SCHEMA);
    Dataset<Row> payments = spark.createDataFrame(List.of(
        payment("p1", "L1", "2024-03-05", "60.00"),
        payment("p2", "L1", "2024-03-10", "40.00"),
        payment("p3", "L2", "2024-03-11", "100.00"),
        payment("p4", "L3", "2024-03-04", "99.99")),
        RawTables.PAYMENTS_SCHEMA);
    Row kept = WorldGenerator.promiseKeptRate(contacts, payments).first();
    assertEquals(1.0 / 3, kept.getDouble(0), 1e-12);
    assertEquals(3L, kept.getLong(1));
    Row reach = WorldGenerator.callReachRate(contacts).first();
    assertEquals(4.0 / 5, reach.getDouble(0), 1e-12);
  }
}
