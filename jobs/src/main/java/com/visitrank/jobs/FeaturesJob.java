package com.visitrank.jobs;

import com.visitrank.config.FeaturesSettings;
import com.visitrank.features.FeatureCatalog;
import com.visitrank.features.FeatureDefinition;
import com.visitrank.features.LoanFeatures;
import com.visitrank.features.PointInTime;
import com.visitrank.features.Statements;
import com.visitrank.io.InputError;
import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code features} job: point-in-time features and labels of every loan active at the as-of
 * date (and, with {@code features.history-months}, at the month ends before it) into
 * {@code features/loans}, partitioned by {@code as_of_date}. All dates share one scan of the
 * clean tables; each date's partition is replaced atomically and no other.
 */
public final class FeaturesJob {

  /** The features table under {@code features/}. */
  public static final String TABLE = "loans";

  /**
   * What a features run wrote.
   *
   * @param rowsByDate snapshot rows per as-of date
   */
  public record Result(Map<LocalDate, Long> rowsByDate) {}

  private final JobContext context;
  private final FeaturesSettings settings;
  private final LocalDate asOf;

  public FeaturesJob(JobContext context, FeaturesSettings settings, LocalDate asOf) {
    this.context = context;
    this.settings = settings;
    this.asOf = asOf;
  }

  /**
   * Which of a set of as-of dates have no usable snapshot in {@code features/loans}.
   *
   * @param missing dates without a partition
   * @param outdated dates whose partition an earlier version wrote, with the catalog columns it
   *     lacks
   */
  public record Snapshots(List<LocalDate> missing, Map<LocalDate, List<String>> outdated) {

    /** Missing and outdated dates together, oldest first. */
    public List<LocalDate> toCompute() {
      TreeSet<LocalDate> all = new TreeSet<>(missing);
      all.addAll(outdated.keySet());
      return List.copyOf(all);
    }
  }

  /**
   * Checks the snapshots of {@code dates} against {@link FeatureCatalog#ALL} (from the schema
   * each partition's marker records; no data is read).
   */
  public static Snapshots check(Warehouse warehouse, List<LocalDate> dates) {
    Map<String, Set<String>> present = warehouse.partitionColumns(Warehouse.FEATURES, TABLE,
        "as_of_date");
    List<LocalDate> missing = new ArrayList<>();
    Map<LocalDate, List<String>> outdated = new TreeMap<>();
    for (LocalDate date : dates) {
      Set<String> columns = present.get(date.toString());
      if (columns == null) {
        missing.add(date);
        continue;
      }
      List<String> lacking = FeatureCatalog.ALL.stream().map(FeatureDefinition::name)
          .filter(name -> !columns.contains(name)).toList();
      if (!lacking.isEmpty()) {
        outdated.put(date, lacking);
      }
    }
    return new Snapshots(missing, outdated);
  }

  /**
   * The snapshots of {@code dates} (those present), read by partition so that the columns of
   * these snapshots are kept even when older partitions of the table lack some.
   */
  public static Dataset<Row> read(Warehouse warehouse, List<LocalDate> dates,
      StructType expected) {
    return warehouse.readPartitions(Warehouse.FEATURES, TABLE, "as_of_date",
        dates.stream().map(LocalDate::toString).toList(), expected);
  }

  /** The as-of date and the month ends before it, oldest first. */
  public static List<LocalDate> dates(LocalDate asOf, int historyMonths) {
    List<LocalDate> dates = new ArrayList<>();
    for (int k = historyMonths; k >= 1; k--) {
      LocalDate monthEnd = YearMonth.from(asOf).minusMonths(k).atEndOfMonth();
      dates.add(monthEnd);
    }
    dates.add(asOf);
    return dates;
  }

  public Result run() {
    Warehouse warehouse = context.warehouse();
    List<LocalDate> dates = dates(asOf, settings.historyMonths());
    context.console().printf("[%s] %d as-of date(s): %s%s%n", context.job(), dates.size(),
        dates.get(0), dates.size() > 1 ? " .. " + asOf : "");
    Dataset<Row> loans = context.clean(RawTables.LOANS, true);
    if (!warehouse.exists(Warehouse.CLEAN, RawTables.SCHEDULE)
        && !warehouse.exists(Warehouse.CLEAN, RawTables.STATEMENTS)) {
      throw new InputError("Missing input table clean/" + RawTables.SCHEDULE + " (or clean/"
          + RawTables.STATEMENTS + " for revolving lines) under " + warehouse.path(Warehouse.CLEAN)
          + ": run bin/visitrank ingest first");
    }
    Dataset<Row> schedule = context.clean(RawTables.SCHEDULE, false);
    Dataset<Row> payments = context.clean(RawTables.PAYMENTS, true);
    Dataset<Row> customers = context.clean(RawTables.CUSTOMERS, true);
    Dataset<Row> contacts = context.clean(RawTables.CONTACTS, false);
    Dataset<Row> visits = context.clean(RawTables.VISITS, false);
    Dataset<Row> statements = context.clean(RawTables.STATEMENTS, false);
    Dataset<Row> outcomes = context.clean(RawTables.OUTCOMES, false);
    List<Row> dateRows = new ArrayList<>();
    for (LocalDate date : dates) {
      dateRows.add(RowFactory.create(Date.valueOf(date)));
    }
    Dataset<Row> dateTable = context.spark().createDataFrame(dateRows,
        PointInTime.datesSchema());
    Dataset<Row> snapshots = LoanFeatures.compute(loans, schedule, payments, contacts, visits,
        customers, Statements.byLoan(statements), outcomes, dateTable, asOf,
        settings.horizons());
    String runId = context.runId();
    // Written by the tasks that compute the rows, each into the dates it holds: a repartition by
    // as_of_date first put one date's rows through one more shuffle and a single writer.
    long rows = context.step("compute features/" + TABLE, () -> warehouse.stage(snapshots,
        Warehouse.FEATURES, TABLE, runId, "as_of_date"));
    Map<LocalDate, Long> byDate = new LinkedHashMap<>();
    for (Row row : warehouse.readStaged(Warehouse.FEATURES, TABLE, runId)
        .groupBy("as_of_date").count().orderBy("as_of_date").collectAsList()) {
      byDate.put(row.getDate(0).toLocalDate(), row.getLong(1));
    }
    context.step("publish features/" + TABLE, () -> {
      warehouse.publication(runId).partitions(Warehouse.FEATURES, TABLE, "as_of_date")
          .publish();
      return null;
    });
    context.manifest().output(Warehouse.FEATURES + "/" + TABLE,
        warehouse.path(Warehouse.FEATURES, TABLE), rows);
    byDate.forEach((date, count) -> context.manifest().metric("features.rows." + date, count));
    return new Result(byDate);
  }
}
