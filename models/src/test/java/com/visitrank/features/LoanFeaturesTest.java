package com.visitrank.features;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.schema.RawTables;
import com.visitrank.testing.DataFrameAssertions;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class LoanFeaturesTest {

  private static final Path SAMPLES =
      Path.of(System.getProperty("visitrank.project.dir", "..")).resolve("data-samples");
  private static final LocalDate DATA_END = LocalDate.of(2025, 12, 31);

  private static Dataset<Row> raw(SparkSession spark, String table) {
    return spark.read().parquet(SAMPLES.resolve("raw").resolve(table).toString());
  }

  private static Dataset<Row> dates(SparkSession spark, LocalDate... days) {
    return spark.createDataFrame(java.util.Arrays.stream(days)
        .map(d -> RowFactory.create(Date.valueOf(d))).toList(), PointInTime.datesSchema());
  }

  /** Features of the world in {@code tables} order: loans, schedule, payments, contacts, visits, customers. */
  private static Dataset<Row> features(Dataset<Row> loans, Dataset<Row> schedule,
      Dataset<Row> payments, Dataset<Row> contacts, Dataset<Row> visits, Dataset<Row> customers,
      Dataset<Row> dates, LocalDate dataEnd) {
    return LoanFeatures.compute(loans, schedule, payments, contacts, visits, customers, dates,
        dataEnd,
        LoanFeatures.Horizons.DEFAULT);
  }

  /**
   * Features at T from the full history equal features at T from a history cut at T: events
   * after T removed and later-life dates after T nulled. Labels are left out (they look ahead).
   */
  @Test
  void featuresAtTIgnoreEverythingAfterT(SparkSession spark) {
    LocalDate t = LocalDate.of(2025, 6, 30);
    Column day = lit(Date.valueOf(t));
    Dataset<Row> loans = raw(spark, RawTables.LOANS);
    Dataset<Row> cutLoans = loans
        .filter(col("origination_date").leq(day))
        .withColumn("closed_date", when(col("closed_date").leq(day), col("closed_date")))
        .withColumn("written_off_date",
            when(col("written_off_date").leq(day), col("written_off_date")))
        .withColumn("litigation_date",
            when(col("litigation_date").leq(day), col("litigation_date")));
    Dataset<Row> full = features(loans, raw(spark, RawTables.SCHEDULE),
        raw(spark, RawTables.PAYMENTS), raw(spark, RawTables.CONTACTS),
        raw(spark, RawTables.VISITS), raw(spark, RawTables.CUSTOMERS), dates(spark, t), DATA_END);
    Dataset<Row> cut = features(cutLoans, raw(spark, RawTables.SCHEDULE),
        raw(spark, RawTables.PAYMENTS).filter(col("payment_date").leq(day)),
        raw(spark, RawTables.CONTACTS).filter(col("contact_time").lt(lit(
            java.sql.Timestamp.valueOf(t.plusDays(1).atStartOfDay())))),
        raw(spark, RawTables.VISITS).filter(col("visit_time").lt(lit(
            java.sql.Timestamp.valueOf(t.plusDays(1).atStartOfDay())))),
        raw(spark, RawTables.CUSTOMERS), dates(spark, t), DATA_END);
    String[] featureColumns = FeatureCatalog.ALL.stream()
        .filter(d -> !d.name().startsWith("label_")).map(FeatureDefinition::name)
        .toArray(String[]::new);
    Dataset<Row> a = full.selectExpr(featureColumns);
    Dataset<Row> b = cut.selectExpr(featureColumns);
    assertTrue(a.count() > 1000, "active loans at T: " + a.count());
    assertEquals(0, a.exceptAll(b).count());
    assertEquals(0, b.exceptAll(a).count());
  }

  /** Labels agree with the generator's exact truth on the same loans and date. */
  @Test
  void labelsAgreeWithTheWorldsTruth(SparkSession spark) {
    LocalDate t = LocalDate.of(2025, 6, 30);
    Dataset<Row> snapshot = features(raw(spark, RawTables.LOANS), raw(spark, RawTables.SCHEDULE),
        raw(spark, RawTables.PAYMENTS), raw(spark, RawTables.CONTACTS),
        raw(spark, RawTables.VISITS), raw(spark, RawTables.CUSTOMERS), dates(spark, t), DATA_END);
    Dataset<Row> truth = spark.read().parquet(SAMPLES.resolve("truth/loan_outlook").toString())
        .filter(col("as_of_date").equalTo(lit(Date.valueOf(t))))
        .withColumnRenamed("bucket", "true_bucket").drop("region");
    Row row = snapshot.join(truth, new String[] {"loan_id", "as_of_date"}).agg(count(lit(1)),
        avg(when(col("label_long_overdue_60d"), 1.0).otherwise(0.0)),
        avg("p_long_overdue_60d_no_visit"),
        avg(when(col("label_cure_30d"), 1.0).otherwise(0.0)), avg("p_cure_30d_no_visit"),
        avg(when(col("remaining_term").gt(0), when(col("bucket").equalTo(col("true_bucket")),
            1.0).otherwise(0.0))),
        avg(when(col("dpd").gt(0).equalTo(col("true_bucket").notEqual("M0")), 1.0)
            .otherwise(0.0))).first();
    long n = row.getLong(0);
    assertEquals(snapshot.count(), n, "every active loan has a truth row");
    double p = row.getDouble(2);
    double error = Math.sqrt(p * (1 - p) / n);
    assertTrue(Math.abs(row.getDouble(1) - p) < 5 * error,
        "long overdue: realised " + row.getDouble(1) + " vs truth " + p);
    double c = row.getDouble(4);
    assertTrue(Math.abs(row.getDouble(3) - c) < 5 * Math.sqrt(c * (1 - c) / n),
        "cure: realised " + row.getDouble(3) + " vs truth " + c);
    assertEquals(1.0, row.getDouble(6), 1e-12, "overdue at T exactly when the world says so");
    // The world's bucket counts unpaid instalments: the DPD bucket while instalments fall due.
    assertEquals(1.0, row.getDouble(5), 1e-12, "the same bucket as the world's");
  }

  @Test
  void labelsPastTheDataAreNull(SparkSession spark) {
    Dataset<Row> snapshot = features(raw(spark, RawTables.LOANS), raw(spark, RawTables.SCHEDULE),
        raw(spark, RawTables.PAYMENTS), raw(spark, RawTables.CONTACTS),
        raw(spark, RawTables.VISITS), raw(spark, RawTables.CUSTOMERS),
        dates(spark, LocalDate.of(2025, 10, 31), LocalDate.of(2025, 11, 30)), DATA_END);
    Row row = snapshot.groupBy().agg(
        count(when(col("as_of_date").equalTo(lit(Date.valueOf("2025-10-31"))), 1)),
        count("label_long_overdue_60d"), count("label_cure_30d"), count("label_paid_90d"))
        .first();
    assertEquals(row.getLong(0), row.getLong(1), "T+60 = Dec 30: known for Oct 31 only");
    assertEquals(snapshot.count(), row.getLong(2), "T+30 is inside the data for both dates");
    assertEquals(0, row.getLong(3), "T+90 is past the data for both dates");
  }

  /** One loan by hand: instalments of 100 due on the 10th, a partial payment, a missed month. */
  @Test
  void delinquencyStateOfAHandBuiltLoan(SparkSession spark) {
    Dataset<Row> loans = spark.createDataFrame(List.of(RowFactory.create("L1", "C1", "consumer",
            new BigDecimal("1200.00"), 0.0, 12, Date.valueOf("2025-01-01"), "B1", "North", null,
            null, null)), RawTables.LOANS_SCHEMA);
    List<Row> dues = new java.util.ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      dues.add(RowFactory.create("L1", i, Date.valueOf(LocalDate.of(2025, 1, 10).plusMonths(i)),
          new BigDecimal("100.00"), new BigDecimal("0.00")));
    }
    Dataset<Row> schedule = spark.createDataFrame(dues, RawTables.SCHEDULE_SCHEMA);
    Dataset<Row> payments = spark.createDataFrame(List.of(
        RowFactory.create("P1", "L1", Date.valueOf("2025-02-08"), new BigDecimal("100.00"), "x"),
        RowFactory.create("P2", "L1", Date.valueOf("2025-03-15"), new BigDecimal("50.00"), "x"),
        RowFactory.create("P3", "L1", Date.valueOf("2025-06-20"), new BigDecimal("250.00"), "x")),
        RawTables.PAYMENTS_SCHEMA);
    Dataset<Row> none = spark.createDataFrame(List.of(), RawTables.CONTACTS_SCHEMA);
    Dataset<Row> noVisits = spark.createDataFrame(List.of(), RawTables.VISITS_SCHEMA);
    Dataset<Row> customers = spark.createDataFrame(List.of(), RawTables.CUSTOMERS_SCHEMA);
    Dataset<Row> snapshot = features(loans, schedule, payments, none, noVisits, customers,
        dates(spark, LocalDate.of(2025, 5, 31), LocalDate.of(2025, 6, 30)),
        LocalDate.of(2025, 9, 30)).orderBy("as_of_date");
    StructType shape = new StructType().add("as_of_date", DataTypes.DateType)
        .add("dpd", DataTypes.IntegerType).add("bucket", DataTypes.StringType)
        .add("installments_missed", DataTypes.IntegerType)
        .add("overdue_amount", DataTypes.createDecimalType(18, 2))
        .add("max_dpd_3m", DataTypes.IntegerType)
        .add("partial_payments_6m", DataTypes.IntegerType)
        .add("payments_12m", DataTypes.IntegerType)
        .add("late_payments_12m", DataTypes.IntegerType)
        .add("cures_12m", DataTypes.IntegerType)
        .add("months_past_due_12m", DataTypes.IntegerType)
        .add("label_long_overdue_60d", DataTypes.BooleanType);
    // May 31: paid 150 of 400 due (Feb..May 10): oldest unpaid is March 10 (half paid): 82 DPD.
    // June 30: paid 400 of 500 due: oldest unpaid is June 10: 20 DPD; a month before is May 30
    // (81 DPD). Labels at T+60 (July 30, August 29): no payment after June, so 80 and 80 DPD.
    // Past due on the monthly dates from March on (3 of them by May 31, 4 by June 30); DPD
    // never fell back to 0, so no cure. Paid after the due day (the 10th): March 15 by May 31,
    // March 15 and June 20 by June 30 (February 8 is before it).
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create(Date.valueOf("2025-05-31"), 82, "M3", 3, new BigDecimal("250.00"),
            82, 1, 2, 1, 0, 3, true),
        RowFactory.create(Date.valueOf("2025-06-30"), 20, "M1", 1, new BigDecimal("100.00"),
            81, 1, 3, 2, 0, 4, true)), shape);
    DataFrameAssertions.assertSameRows(expected, spark.createDataFrame(
        snapshot.select(shape.fieldNames()[0], java.util.Arrays.copyOfRange(shape.fieldNames(), 1,
            shape.size())).collectAsList(), shape));
  }

  /**
   * The customer-level payment counts pool the customer's loans active at T, the loan itself
   * included: a loan closed before T and another customer's loan do not count.
   */
  @Test
  void customerPaymentCountsPoolTheCustomersActiveLoans(SparkSession spark) {
    LocalDate t = LocalDate.of(2025, 6, 30);
    Dataset<Row> loans = spark.createDataFrame(List.of(
        loan("L1", "C1", null), loan("L2", "C1", null), loan("L3", "C2", null),
        loan("L4", "C1", Date.valueOf("2025-04-30"))), RawTables.LOANS_SCHEMA);
    List<Row> dues = new java.util.ArrayList<>();
    for (String loan : List.of("L1", "L2", "L3", "L4")) {
      for (int i = 1; i <= 12; i++) {
        dues.add(RowFactory.create(loan, i, Date.valueOf(LocalDate.of(2025, 1, 10)
            .plusMonths(i)), new BigDecimal("100.00"), new BigDecimal("0.00")));
      }
    }
    // Due on the 10th: a payment later in its month is late.
    Dataset<Row> payments = spark.createDataFrame(List.of(
        payment("P1", "L1", "2025-02-08"), payment("P2", "L1", "2025-03-15"),
        payment("P3", "L2", "2025-03-20"), payment("P4", "L2", "2025-04-05"),
        payment("P5", "L2", "2025-05-28"), payment("P6", "L3", "2025-03-12"),
        payment("P7", "L4", "2025-03-25"), payment("P8", "L4", "2025-04-25")),
        RawTables.PAYMENTS_SCHEMA);
    Dataset<Row> snapshot = features(loans, spark.createDataFrame(dues,
            RawTables.SCHEDULE_SCHEMA), payments,
        spark.createDataFrame(List.of(), RawTables.CONTACTS_SCHEMA),
        spark.createDataFrame(List.of(), RawTables.VISITS_SCHEMA),
        spark.createDataFrame(List.of(), RawTables.CUSTOMERS_SCHEMA), dates(spark, t),
        DATA_END);
    StructType shape = new StructType().add("loan_id", DataTypes.StringType)
        .add("payments_12m", DataTypes.IntegerType)
        .add("late_payments_12m", DataTypes.IntegerType)
        .add("customer_payments_12m", DataTypes.IntegerType)
        .add("customer_late_payments_12m", DataTypes.IntegerType);
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create("L1", 2, 1, 5, 3),
        RowFactory.create("L2", 3, 2, 5, 3),
        RowFactory.create("L3", 1, 1, 1, 1)), shape);
    DataFrameAssertions.assertSameRows(expected, spark.createDataFrame(snapshot.select(
        "loan_id", "payments_12m", "late_payments_12m", "customer_payments_12m",
        "customer_late_payments_12m").collectAsList(), shape));
  }

  private static Row loan(String id, String customer, Date closed) {
    return RowFactory.create(id, customer, "consumer", new BigDecimal("1200.00"), 0.0, 12,
        Date.valueOf("2025-01-01"), "B1", "North", closed, null, null);
  }

  private static Row payment(String id, String loan, String day) {
    return RowFactory.create(id, loan, Date.valueOf(day), new BigDecimal("100.00"), "x");
  }

  /**
   * A revolving line by hand (statements as the UCI file publishes them) and a loan with neither
   * schedule nor statements, which keeps its row with an unknown state instead of vanishing.
   */
  @Test
  void delinquencyStateOfAHandBuiltCreditLine(SparkSession spark) {
    Dataset<Row> loans = spark.createDataFrame(List.of(
        RowFactory.create("R1", "C1", "credit_card", new BigDecimal("10000.00"), null, null,
            Date.valueOf("2005-04-01"), null, "Taiwan", null, null, null),
        RowFactory.create("N1", "C2", "consumer", new BigDecimal("500.00"), 0.1, 12,
            Date.valueOf("2005-04-01"), null, "Taiwan", null, null, null)),
        RawTables.LOANS_SCHEMA.asNullable());
    Dataset<Row> statements = spark.createDataFrame(List.of(
        statement("2005-06-30", "2000.00", "500.00", 0),
        statement("2005-07-31", "3000.00", "0.00", 1),
        statement("2005-08-31", "3100.00", "1000.00", 2),
        statement("2005-09-30", "2500.00", "600.00", -1)), RawTables.STATEMENTS_SCHEMA);
    Dataset<Row> payments = spark.createDataFrame(List.of(
        RowFactory.create("P1", "R1", Date.valueOf("2005-06-15"), new BigDecimal("500.00"), null),
        RowFactory.create("P2", "R1", Date.valueOf("2005-08-15"), new BigDecimal("1000.00"), null),
        RowFactory.create("P3", "R1", Date.valueOf("2005-09-15"), new BigDecimal("600.00"), null)),
        RawTables.PAYMENTS_SCHEMA.asNullable());
    Dataset<Row> outcomes = spark.createDataFrame(List.of(
        RowFactory.create("R1", Date.valueOf("2005-09-30"), true)), RawTables.OUTCOMES_SCHEMA);
    Dataset<Row> snapshot = LoanFeatures.compute(loans,
        spark.createDataFrame(List.of(), RawTables.SCHEDULE_SCHEMA),
        payments, spark.createDataFrame(List.of(), RawTables.CONTACTS_SCHEMA),
        spark.createDataFrame(List.of(), RawTables.VISITS_SCHEMA),
        spark.createDataFrame(List.of(), RawTables.CUSTOMERS_SCHEMA),
        Statements.byLoan(statements), outcomes,
        dates(spark, LocalDate.of(2005, 8, 31), LocalDate.of(2005, 9, 30)),
        LocalDate.of(2005, 9, 30), LoanFeatures.Horizons.DEFAULT);
    StructType shape = new StructType().add("loan_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType)
        .add("dpd", DataTypes.IntegerType).add("bucket", DataTypes.StringType)
        .add("installments_missed", DataTypes.IntegerType)
        .add("outstanding_principal", DataTypes.createDecimalType(18, 2))
        .add("max_dpd_3m", DataTypes.IntegerType)
        .add("paid_to_due_1m", DataTypes.DoubleType)
        .add("paid_to_due_3m", DataTypes.DoubleType)
        .add("days_since_last_payment", DataTypes.IntegerType)
        .add("utilisation", DataTypes.DoubleType)
        .add("statement_status", DataTypes.IntegerType)
        .add("statement_status_prev", DataTypes.IntegerType)
        .add("months_revolving_6m", DataTypes.IntegerType)
        .add("months_paid_in_full_6m", DataTypes.IntegerType)
        .add("bill_change_3m", DataTypes.createDecimalType(19, 2))
        .add("cures_12m", DataTypes.IntegerType)
        .add("months_past_due_12m", DataTypes.IntegerType)
        .add("months_delayed_6m", DataTypes.IntegerType)
        .add("paid_amount_3m", DataTypes.createDecimalType(18, 2))
        .add("utilisation_max_6m", DataTypes.DoubleType)
        .add("label_default_next_month", DataTypes.BooleanType);
    // August 31: 2 months of delay = 60 DPD; paid 1000 in August over July's bill 3000; over 3
    // months 1500 paid over bills 3000 + 2000 (no May statement); no statement 3 months before.
    // September 30: paid in full; the 60 DPD of August is within 3 months; 600 / 3100; 1600 /
    // 8100; the published default flag of September. Delayed: July and August; paid in the
    // last 3 months 500 + 0 + 1000, then 0 + 1000 + 600; highest bill 3100 of the 10000 limit.
    // Past due in July and August; cured in September (0 DPD after 60). N1 has no repayment
    // data: state unknown.
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create("N1", Date.valueOf("2005-08-31"), null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null),
        RowFactory.create("N1", Date.valueOf("2005-09-30"), null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null),
        RowFactory.create("R1", Date.valueOf("2005-08-31"), 60, "M2", 2,
            new BigDecimal("3100.00"), 60, 0.3333, 0.3, 16, 0.31, 2, 1, 1, 0, null, 0, 2,
            2, new BigDecimal("1500.00"), 0.31, null),
        RowFactory.create("R1", Date.valueOf("2005-09-30"), 0, "M0", 0,
            new BigDecimal("2500.00"), 60, 0.1935, 0.1975, 15, 0.25, -1, 2, 1, 1,
            new BigDecimal("500.00"), 1, 2, 2, new BigDecimal("1600.00"), 0.31, true)), shape);
    DataFrameAssertions.assertSameRows(expected, spark.createDataFrame(
        snapshot.select(shape.fieldNames()[0], java.util.Arrays.copyOfRange(shape.fieldNames(), 1,
            shape.size())).collectAsList(), shape));
  }

  private static Row statement(String date, String bill, String paid, int status) {
    return RowFactory.create("R1", Date.valueOf(date), new BigDecimal(bill), new BigDecimal(paid),
        status);
  }
}
