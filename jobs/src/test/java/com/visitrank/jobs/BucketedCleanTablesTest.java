package com.visitrank.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.features.LoanFeatures;
import com.visitrank.features.PointInTime;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean tables written in buckets by loan ({@code ingest.buckets}, the default) against plain
 * files ({@code ingest.buckets=0}): the same features, and a features query that shuffles none
 * of the tables gathered by loan and sorts none of them by loan.
 */
@ExtendWith(SparkSessionExtension.class)
class BucketedCleanTablesTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));
  private static final List<String> BY_LOAN = List.of(RawTables.LOANS, RawTables.SCHEDULE,
      RawTables.PAYMENTS, RawTables.CONTACTS, RawTables.VISITS, RawTables.VISIT_PLANS);

  @TempDir
  Path dir;

  private Warehouse ingest(SparkSession spark, String name, String... settings) {
    Path warehouse = dir.resolve(name);
    List<String> args = new java.util.ArrayList<>(List.of("pipeline", "--set",
        "visitrank.warehouse=" + warehouse, "--set", "visitrank.samples="
            + ROOT.resolve("data-samples"), "--set", "pipeline.until=ingest"));
    for (String setting : settings) {
      args.add("--set");
      args.add(setting);
    }
    assertEquals(0, Cli.run(args.toArray(String[]::new)).code());
    return new Warehouse(spark, warehouse.toString());
  }

  /** The features of two month ends, from the clean tables of {@code warehouse}. */
  private static Dataset<Row> features(SparkSession spark, Warehouse warehouse) {
    Dataset<Row> dates = spark.createDataFrame(List.of(
        RowFactory.create(Date.valueOf("2025-10-31")),
        RowFactory.create(Date.valueOf("2025-11-30"))), PointInTime.datesSchema());
    return LoanFeatures.compute(clean(warehouse, RawTables.LOANS),
        clean(warehouse, RawTables.SCHEDULE), clean(warehouse, RawTables.PAYMENTS),
        clean(warehouse, RawTables.CONTACTS), clean(warehouse, RawTables.VISITS),
        clean(warehouse, RawTables.CUSTOMERS), dates, LocalDate.of(2025, 12, 31),
        LoanFeatures.Horizons.DEFAULT);
  }

  private static Dataset<Row> clean(Warehouse warehouse, String table) {
    return warehouse.read(Warehouse.CLEAN, table, RawTables.schemaOf(table));
  }

  @Test
  void featuresFromBucketedTablesEqualThoseFromPlainFilesAndShuffleNothingByLoan(
      SparkSession spark) {
    Warehouse bucketed = ingest(spark, "bucketed");
    Warehouse plain = ingest(spark, "plain", "ingest.buckets=0");
    for (String table : BY_LOAN) {
      Warehouse.Bucketing layout = bucketed.bucketing(Warehouse.CLEAN, table);
      assertEquals(new Warehouse.Bucketing("loan_id", 8, layout.sortedBy()), layout, table);
      assertEquals("loan_id", layout.sortedBy().get(0), table);
      assertNull(plain.bucketing(Warehouse.CLEAN, table), table);
    }
    assertNull(bucketed.bucketing(Warehouse.CLEAN, RawTables.CUSTOMERS));
    assertEquals(List.of("loan_id", "installment_no"),
        bucketed.bucketing(Warehouse.CLEAN, RawTables.SCHEDULE).sortedBy());
    assertEquals(List.of("loan_id", "payment_date", "payment_id"),
        bucketed.bucketing(Warehouse.CLEAN, RawTables.PAYMENTS).sortedBy());

    String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    // As at scale, where no table of events is small enough to broadcast.
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      Dataset<Row> fromBuckets = features(spark, bucketed);
      Dataset<Row> fromFiles = features(spark, plain);
      String bucketedPlan = fromBuckets.queryExecution().executedPlan().toString();
      String plainPlan = fromFiles.queryExecution().executedPlan().toString();
      assertFalse(bucketedPlan.contains("Exchange hashpartitioning(loan_id"), bucketedPlan);
      assertTrue(bucketedPlan.contains("Exchange hashpartitioning(customer_id"), bucketedPlan);
      assertTrue(plainPlan.contains("Exchange hashpartitioning(loan_id"), plainPlan);
      // The schedule's window (cumulative amounts due by loan and instalment) and the joins of
      // the payments by loan take the buckets' order as it is.
      java.util.regex.Pattern scheduleSort = java.util.regex.Pattern.compile(
          "Sort \\[loan_id#\\d+ ASC NULLS FIRST, installment_no#");
      assertFalse(scheduleSort.matcher(bucketedPlan).find(), bucketedPlan);
      assertTrue(scheduleSort.matcher(plainPlan).find(), plainPlan);

      long rows = fromFiles.count();
      assertTrue(rows > 1000, "two month ends of the samples' active loans: " + rows);
      assertEquals(rows, fromBuckets.count());
      assertEquals(0, fromBuckets.exceptAll(fromFiles).count());
      assertEquals(0, fromFiles.exceptAll(fromBuckets).count());
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }
}
