package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import com.visitrank.config.IngestSettings;
import com.visitrank.ingest.CleanLayout;
import com.visitrank.ingest.Contracts;
import com.visitrank.ingest.TableContract;
import com.visitrank.ingest.UciCreditCard;
import com.visitrank.ingest.Validation;
import com.visitrank.io.InputError;
import com.visitrank.io.Publication;
import com.visitrank.io.RawReader;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The {@code ingest} job: validates every raw table into {@code clean/<table>} and rejects rows
 * into {@code quarantine/rows} (partition {@code as_of_date}) with a reason code. Parents are
 * validated before children, so a child row whose parent was rejected is rejected too.
 *
 * <p>All tables are staged first; only if every table's rows add up (rows in = clean +
 * quarantined + exact duplicates) and no table rejects more than its
 * {@code max-reject-ratio} are they published, each by an atomic swap. Otherwise nothing is.
 */
public final class IngestJob {

  /** Quarantined rows of the whole run: one table, partitioned by as-of date. */
  public static final String QUARANTINE_TABLE = "rows";

  /**
   * One table's accounting.
   *
   * @param table raw table name
   * @param rowsIn records read (CSV: after the header, blank lines ignored)
   * @param clean rows published to clean/
   * @param quarantined rows rejected with a reason
   * @param duplicates exact duplicates dropped
   * @param maxRejectRatio the table's threshold
   */
  public record TableReport(String table, long rowsIn, long clean, long quarantined,
      long duplicates, double maxRejectRatio) {

    public double rejectRatio() {
      return rowsIn == 0 ? 0 : (double) quarantined / rowsIn;
    }

    public boolean balanced() {
      return rowsIn == clean + quarantined + duplicates;
    }
  }

  /**
   * Rejected rows of one table for one rule, with a few examples ({@code file:row}).
   *
   * @param table raw table name
   * @param reason reason code
   * @param rows rows rejected for it
   * @param examples where the first few came from
   */
  public record RuleCount(String table, String reason, long rows, List<String> examples) {}

  /**
   * What an ingest run did.
   *
   * @param asOf the as-of date
   * @param tables accounting per table, in ingest order
   * @param rules rejected rows per table and rule
   * @param absent optional raw tables that were not delivered
   */
  public record Result(LocalDate asOf, List<TableReport> tables, List<RuleCount> rules,
      List<String> absent) {}

  private final JobContext context;
  private final IngestSettings settings;
  private final LocalDate asOf;

  public IngestJob(JobContext context, IngestSettings settings, LocalDate asOf) {
    this.context = context;
    this.settings = settings;
    this.asOf = asOf;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    RawReader reader = new RawReader(context.spark(), warehouse, settings);
    boolean uci = settings.source().equals(IngestSettings.UCI_CREDIT_CARD);
    Map<String, Dataset<Row>> uciTables = uci
        ? UciCreditCard.toNativeForm(reader.readCsvFile(IngestSettings.UCI_CREDIT_CARD, settings.path(),
            UciCreditCard.COLUMNS))
        : Map.of();
    String runId = context.runId();
    Map<String, Dataset<Row>> cleanParents = new HashMap<>();
    List<TableReport> reports = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    List<String> staged = new ArrayList<>();
    try {
      for (TableContract contract : uci ? Contracts.UCI : Contracts.ALL) {
        String table = contract.table();
        if (uci) {
          context.manifest().input(IngestSettings.UCI_CREDIT_CARD, settings.path());
          reports.add(context.step("validate " + table + " from " + IngestSettings.UCI_CREDIT_CARD,
              () -> validate(contract, uciTables.get(table), cleanParents)));
          staged.add(table);
          continue;
        }
        if (reader.files(table).isEmpty()) {
          if (contract.required()) {
            throw new InputError("Missing input table raw/" + table + " at "
                + warehouse.path(Warehouse.RAW, table) + ": ingest needs customers, loans,"
                + " schedule and payments (CSV or Parquet files)");
          }
          absent.add(table);
          continue;
        }
        context.manifest().input(Warehouse.RAW + "/" + table,
            warehouse.path(Warehouse.RAW, table));
        reports.add(context.step("validate raw/" + table,
            () -> readFailuresAsInputErrors(table,
                () -> validate(contract, reader.read(contract), cleanParents))));
        staged.add(table);
      }
      Dataset<Row> quarantine = null;
      for (String table : staged) {
        Dataset<Row> part = warehouse.readStaged(Warehouse.QUARANTINE, table, runId);
        quarantine = quarantine == null ? part : quarantine.unionByName(part);
      }
      List<RuleCount> rules = ruleCounts(quarantine);
      checkAccounting(reports);
      checkRejectRatios(reports, rules);
      for (TableReport report : reports) {
        if (report.quarantined() > 0) {
          context.console().printf("[%s] warning: %,d of %,d rows of raw/%s quarantined"
                  + " (%.2f%%, limit %.1f%%)%n", context.job(), report.quarantined(),
              report.rowsIn(), report.table(), 100 * report.rejectRatio(),
              100 * report.maxRejectRatio());
        }
      }
      Dataset<Row> allRejected = quarantine;
      context.step("publish clean/ and quarantine/" + QUARANTINE_TABLE, () -> {
        // Staged unpartitioned and swapped in as one partition, so that a run without rejects
        // still replaces its date's partition (with an empty one).
        warehouse.stage(allRejected, Warehouse.QUARANTINE, QUARANTINE_TABLE, runId);
        Publication publication = warehouse.publication(runId);
        for (String table : staged) {
          publication.table(Warehouse.CLEAN, table);
        }
        // Clean tables this run did not produce (absent optional tables, or another source's)
        // would no longer match the rest.
        for (TableContract contract : Contracts.EVERY) {
          if (!staged.contains(contract.table())) {
            publication.delete(Warehouse.CLEAN, contract.table());
          }
        }
        publication.partition(Warehouse.QUARANTINE, QUARANTINE_TABLE, "as_of_date",
            asOf.toString()).publish();
        return null;
      });
      for (TableReport report : reports) {
        context.manifest().output(Warehouse.CLEAN + "/" + report.table(),
            warehouse.path(Warehouse.CLEAN, report.table()), report.clean());
        String prefix = "ingest." + report.table() + ".";
        context.manifest().metric(prefix + "rows_in", report.rowsIn());
        context.manifest().metric(prefix + "quarantined", report.quarantined());
        context.manifest().metric(prefix + "duplicates", report.duplicates());
      }
      for (RuleCount rule : rules) {
        context.manifest().metric("ingest." + rule.table() + ".rule." + rule.reason(),
            rule.rows());
        context.manifest().metric("ingest." + rule.table() + ".examples." + rule.reason(),
            String.join("; ", rule.examples()));
      }
      long quarantined = reports.stream().mapToLong(TableReport::quarantined).sum();
      context.manifest().output(Warehouse.QUARANTINE + "/" + QUARANTINE_TABLE,
          warehouse.path(Warehouse.QUARANTINE, QUARANTINE_TABLE) + "/as_of_date=" + asOf,
          quarantined);
      return new Result(asOf, reports, rules, absent);
    } finally {
      for (TableContract contract : uci ? Contracts.UCI : Contracts.ALL) {
        warehouse.discard(Warehouse.CLEAN, contract.table(), runId);
        warehouse.discard(Warehouse.CLEAN, "checked-" + contract.table(), runId);
        warehouse.discard(Warehouse.QUARANTINE, contract.table(), runId);
      }
      warehouse.discard(Warehouse.QUARANTINE, QUARANTINE_TABLE, runId);
    }
  }

  private TableReport validate(TableContract contract, Dataset<Row> raw,
      Map<String, Dataset<Row>> cleanParents) {
    Warehouse warehouse = context.warehouse();
    String runId = context.runId();
    String table = contract.table();
    long rowsIn = countRows(raw, table);
    Dataset<Row> checkedRows = Validation.checkRows(raw, contract, settings.formats(), asOf);
    if (contract.key().get(0).equals("loan_id")) {
      // The key window, the join with loans and the gap window all cluster by loan: one shuffle.
      checkedRows = checkedRows.repartition(col("loan_id"));
    }
    Dataset<Row> resolved = Validation.resolveKeys(checkedRows, contract);
    resolved = Validation.checkParents(resolved, contract, cleanParents);
    if (table.equals(RawTables.SCHEDULE)) {
      resolved = Validation.checkScheduleGaps(resolved);
    }
    // One validated pass, staged: clean rows, rejected rows and the duplicate count read it.
    String checkedName = "checked-" + table;
    warehouse.stage(Validation.withOutcome(resolved), Warehouse.CLEAN, checkedName, runId);
    Dataset<Row> checked = warehouse.readStaged(Warehouse.CLEAN, checkedName, runId);
    Dataset<Row> cleanRows = Validation.toClean(
        checked.filter(col(Validation.OUTCOME).equalTo(Validation.CLEAN)), contract);
    Warehouse.Bucketing bucketing = bucketing(contract, settings.buckets());
    long clean = bucketing == null
        ? warehouse.stage(CleanLayout.ordered(table, cleanRows), Warehouse.CLEAN, table, runId)
        : warehouse.stage(cleanRows, Warehouse.CLEAN, table, runId, bucketing);
    cleanParents.put(table, warehouse.readStaged(Warehouse.CLEAN, table, runId));
    long quarantined = warehouse.stage(Validation.toQuarantine(
            checked.filter(col(Validation.OUTCOME).equalTo(Validation.QUARANTINED)), contract,
            runId),
        Warehouse.QUARANTINE, table, runId);
    long duplicates = checked.filter(col(Validation.OUTCOME)
        .equalTo(Validation.DUPLICATE_OUTCOME)).count();
    warehouse.discard(Warehouse.CLEAN, checkedName, runId);
    return new TableReport(table, rowsIn, clean, quarantined, duplicates,
        settings.maxRejectRatio(table));
  }

  /**
   * The bucketing of a clean table of loans or of their events (it has a {@code loan_id}):
   * {@code buckets} buckets by {@code loan_id}, each sorted by {@link CleanLayout#bucketOrder},
   * so that the features job reads every such table bucket by bucket without a shuffle or a
   * sort by loan; null for other tables or with buckets off (0).
   */
  public static Warehouse.Bucketing bucketing(TableContract contract, int buckets) {
    if (buckets == 0 || !contract.columnNames().contains("loan_id")) {
      return null;
    }
    return new Warehouse.Bucketing("loan_id", buckets,
        CleanLayout.bucketOrder(contract.table(), contract.key()));
  }

  private long countRows(Dataset<Row> raw, String table) {
    return readFailuresAsInputErrors(table, raw::count);
  }

  /**
   * Runs work that reads a raw table; a failure whose root cause is an unreadable or corrupt
   * file (Spark reports it from a task, as a checked exception) becomes an {@link InputError}
   * naming the table and the file.
   */
  private static <T> T readFailuresAsInputErrors(String table,
      java.util.concurrent.Callable<T> work) {
    try {
      return work.call();
    } catch (InputError e) {
      throw e;
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String message = String.valueOf(root.getMessage());
      // A full disk fails the staging write inside the same task: not the raw file's fault.
      boolean diskFull = message.contains("No space left on device")
          || message.contains("Disk quota exceeded");
      boolean unreadable = !diskFull && root instanceof java.io.IOException
          || message.contains("not a Parquet file") || message.contains("Malformed")
          || message.contains("Could not read footer");
      if (unreadable) {
        throw new InputError("Cannot read raw/" + table + ": "
            + message.lines().findFirst().orElse(""), e);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e);
    }
  }

  private static List<RuleCount> ruleCounts(Dataset<Row> quarantine) {
    Map<String, RuleCount> rules = new LinkedHashMap<>();
    for (Row row : quarantine.groupBy("source_table", "reason_code").agg(count(lit(1)))
        .orderBy("source_table", "reason_code").collectAsList()) {
      rules.put(row.getString(0) + "/" + row.getString(1),
          new RuleCount(row.getString(0), row.getString(1), row.getLong(2), new ArrayList<>()));
    }
    Dataset<Row> firstFew = quarantine
        .withColumn("_n", row_number().over(Window.partitionBy("source_table", "reason_code")
            .orderBy("source_file", "row_number")))
        .filter(col("_n").leq(3));
    for (Row row : firstFew.orderBy("source_table", "reason_code", "_n").collectAsList()) {
      String file = row.getString(row.fieldIndex("source_file"));
      String name = file == null ? "?" : file.substring(file.lastIndexOf('/') + 1);
      rules.get(row.getString(0) + "/" + row.getString(row.fieldIndex("reason_code")))
          .examples().add(name + ":" + row.get(row.fieldIndex("row_number")) + " ("
              + row.getString(row.fieldIndex("detail")) + ")");
    }
    return List.copyOf(rules.values());
  }

  private static void checkAccounting(List<TableReport> reports) {
    for (TableReport report : reports) {
      if (!report.balanced()) {
        throw new IllegalStateException("Rows of raw/" + report.table() + " do not add up: "
            + report.rowsIn() + " in, " + report.clean() + " clean + " + report.quarantined()
            + " quarantined + " + report.duplicates() + " duplicates; nothing was published");
      }
    }
  }

  private void checkRejectRatios(List<TableReport> reports, List<RuleCount> rules) {
    List<String> over = new ArrayList<>();
    for (TableReport report : reports) {
      if (report.rejectRatio() > report.maxRejectRatio()) {
        over.add(String.format("%s %.1f%% > %.1f%%", report.table(), 100 * report.rejectRatio(),
            100 * report.maxRejectRatio()));
      }
    }
    if (!over.isEmpty()) {
      for (String line : describe(new Result(asOf, reports, rules, List.of()))) {
        context.console().println("  " + line);
      }
      throw new InputError("Too many rejected rows (" + String.join(", ", over)
          + "); nothing was published. See the table above, or raise ingest.max-reject-ratio");
    }
  }

  /** The data-quality summary as printed: per table, then per rule with examples. */
  public static List<String> describe(Result result) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-18s %12s %12s %12s %10s %8s", "table", "rows in", "clean",
        "quarantined", "duplicates", "rejected"));
    for (TableReport t : result.tables()) {
      lines.add(String.format("%-18s %,12d %,12d %,12d %,10d %7.2f%%%s", t.table(), t.rowsIn(),
          t.clean(), t.quarantined(), t.duplicates(), 100 * t.rejectRatio(),
          t.rejectRatio() > t.maxRejectRatio() ? "  OVER LIMIT" : ""));
    }
    for (RuleCount rule : result.rules()) {
      lines.add(String.format("  %s %s: %,d, e.g. %s", rule.table(), rule.reason(), rule.rows(),
          String.join("; ", rule.examples())));
    }
    if (!result.absent().isEmpty()) {
      lines.add("not delivered (optional): " + String.join(", ", result.absent()));
    }
    return lines;
  }
}
