package com.visitrank.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of the features job -- delinquency state at T and the 3/6/12-month DPD history --
 * as SQL in DuckDB over the same clean Parquet files: what a data team might write on one machine
 * instead of Spark. Payments go to the oldest instalment first, exactly as in
 * {@link com.visitrank.features.PointInTime}; the monthly dates are T and T minus 1..12 months
 * (DuckDB's interval arithmetic clamps month ends the way Spark's add_months does).
 *
 * <p>The driver ({@code org.duckdb:duckdb_jdbc}) is not part of the application jar:
 * {@code bin/visitrank bench} puts it on the class path, and tests have it at test scope.
 */
public final class DuckDbCore {

  /** Monthly dates of DPD history: T and the 12 months before it. */
  private static final int HISTORY = 12;

  private DuckDbCore() {}

  /** The SQL that writes one row per loan active at {@code asOf} to {@code output}. */
  public static String sql(String cleanRoot, LocalDate asOf, String output) {
    String t = "DATE '" + asOf + "'";
    List<String> paidBy = new ArrayList<>();
    List<String> oldest = new ArrayList<>();
    List<String> dpd = new ArrayList<>();
    for (int k = 0; k <= HISTORY; k++) {
      String day = "CAST(" + t + " - INTERVAL " + k + " MONTH AS DATE)";
      paidBy.add("coalesce(sum(amount) FILTER (WHERE payment_date <= " + day + "), 0) AS p" + k);
      oldest.add("min(due_date) FILTER (WHERE due_date <= " + day
          + " AND cum_due > coalesce(p" + k
          + ", 0)) AS o" + k);
      dpd.add("coalesce(" + day + " - o" + k + ", 0) AS dpd" + k);
    }
    List<String> episodes = new ArrayList<>();
    for (int k = 0; k < HISTORY; k++) {
      episodes.add("CASE WHEN dpd" + k + " > 30 AND dpd" + (k + 1) + " <= 30 THEN 1 ELSE 0 END");
    }
    return "COPY (WITH active AS (SELECT loan_id, principal FROM " + table(cleanRoot, "loans")
        + " WHERE origination_date <= " + t + " AND (closed_date IS NULL OR closed_date > " + t
        + ") AND (written_off_date IS NULL OR written_off_date > " + t + ")),\n"
        + "dues AS (SELECT s.loan_id, due_date, sum(principal_due + interest_due) OVER w AS"
        + " cum_due, sum(principal_due) OVER w AS cum_principal FROM " + table(cleanRoot,
            "schedule") + " s SEMI JOIN active a ON s.loan_id = a.loan_id WHERE due_date <= " + t
        + " WINDOW w AS (PARTITION BY s.loan_id ORDER BY installment_no)),\n"
        + "paid AS (SELECT p.loan_id, " + String.join(", ", paidBy) + " FROM "
        + table(cleanRoot, "payments") + " p SEMI JOIN active a ON p.loan_id = a.loan_id"
        + " GROUP BY p.loan_id),\n"
        + "state AS (SELECT d.loan_id, " + String.join(", ", oldest)
        + ", max(cum_due) FILTER (WHERE due_date <= " + t + ") AS due0,"
        + " count(*) FILTER (WHERE due_date <= " + t
        + " AND cum_due > coalesce(p0, 0)) AS missed,"
        + " max(cum_principal) FILTER (WHERE cum_due <= coalesce(p0, 0)) AS principal_paid,"
        + " any_value(p0)"
        + " AS paid0 FROM dues d LEFT JOIN paid USING (loan_id) GROUP BY d.loan_id),\n"
        + "history AS (SELECT loan_id, " + String.join(", ", dpd)
        + ", due0, missed, principal_paid, paid0 FROM state)\n"
        + "SELECT a.loan_id, dpd0 AS dpd, CASE WHEN dpd0 = 0 THEN 'M0' WHEN dpd0 <= 30 THEN 'M1'"
        + " WHEN dpd0 <= 60 THEN 'M2' WHEN dpd0 <= 90 THEN 'M3' ELSE 'M4+' END AS bucket,"
        + " greatest(coalesce(due0, 0) - coalesce(paid0, 0), 0) AS overdue_amount,"
        + " coalesce(missed, 0) AS installments_missed,"
        + " a.principal - coalesce(principal_paid, 0) AS outstanding_principal,"
        + " greatest(dpd0, dpd1, dpd2) AS max_dpd_3m,"
        + " greatest(" + columns("dpd", 0, 5) + ") AS max_dpd_6m,"
        + " greatest(" + columns("dpd", 0, 11) + ") AS max_dpd_12m,"
        + " " + String.join(" + ", episodes) + " AS episodes_30plus_12m,"
        + " dpd0 - dpd3 AS dpd_trend_3m"
        + " FROM active a JOIN history h ON a.loan_id = h.loan_id)"
        + " TO '" + output + "' (FORMAT PARQUET)";
  }

  private static String columns(String prefix, int from, int to) {
    List<String> parts = new ArrayList<>();
    for (int k = from; k <= to; k++) {
      parts.add(prefix + k);
    }
    return String.join(", ", parts);
  }

  private static String table(String cleanRoot, String table) {
    return "read_parquet('" + cleanRoot + "/" + table + "/*.parquet')";
  }

  /** Runs the SQL with {@code threads} threads and returns the rows written. */
  public static long run(String cleanRoot, LocalDate asOf, String output, int threads) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      statement.execute(sql(cleanRoot, asOf, output));
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM read_parquet('" + output
          + "')")) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("No suitable driver")) {
        throw new IllegalStateException("The DuckDB JDBC driver is not on the class path: run the"
            + " benchmark with bin/visitrank bench features (it adds the driver)", e);
      }
      throw new IllegalStateException("DuckDB failed: " + e.getMessage(), e);
    }
  }
}
