package com.visitrank.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.year;

import com.visitrank.schema.RawTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The order of a clean table's rows within its files. It changes no value, only what a reader
 * can skip: Parquet records each page's smallest and largest values, and Spark leaves out the
 * pages a filter rules out.
 *
 * <p>The schedule is ordered by the year an instalment falls due, then by loan and instalment
 * number. The features job reads only the instalments due by its last date (a third of a
 * generated schedule of long loans) and skips the pages of later years; within a year the rows
 * stay in loan order. Other tables keep the order validation left them in. Written in buckets
 * by loan ({@code ingest.buckets}), each bucket's file is ordered so.
 */
public final class CleanLayout {

  private CleanLayout() {}

  /** The clean rows of {@code table} in the order they are written in. */
  public static Dataset<Row> ordered(String table, Dataset<Row> clean) {
    if (table.equals(RawTables.SCHEDULE)) {
      return clean.sortWithinPartitions(year(col("due_date")), col("loan_id"),
          col("installment_no"));
    }
    return clean;
  }
}
