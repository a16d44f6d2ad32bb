package com.visitrank.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.visitrank.schema.RawTables;
import com.visitrank.sql.Columns;
import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Row checks of raw tables, as Spark transformations with built-in functions only.
 *
 * <p>Input rows carry the raw text of every contract column plus where they came from
 * ({@link #SOURCE_FILE}, {@link #ROW_NUMBER}, {@link #RAW_RECORD}) and, for CSV, a field-count
 * problem ({@link #FIELD_ERROR}). Each check adds the first failing rule as {@link #REASON} and
 * {@link #DETAIL}; nothing is dropped here, so every row ends up clean, quarantined or counted as
 * an exact duplicate.
 */
public final class Validation {

  public static final String SOURCE_FILE = "_source_file";
  public static final String ROW_NUMBER = "_row_number";
  public static final String RAW_RECORD = "_raw_record";
  public static final String FIELD_ERROR = "_field_error";
  public static final String REASON = "_reason";
  public static final String DETAIL = "_detail";
  public static final String DUPLICATE = "_duplicate";
  public static final String OUTCOME = "_outcome";
  public static final String CLEAN = "clean";
  public static final String QUARANTINED = "quarantined";
  public static final String DUPLICATE_OUTCOME = "duplicate";
  private static final String KEY_ROWS = "_key_rows";

  public static final String FIELD_COUNT = "FIELD_COUNT";
  public static final String MISSING_REQUIRED = "MISSING_REQUIRED";
  public static final String BAD_ENUM = "BAD_ENUM";
  public static final String NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT";
  public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
  public static final String FUTURE_DATE = "FUTURE_DATE";
  public static final String EVENT_BEFORE_ORIGINATION = "EVENT_BEFORE_ORIGINATION";
  public static final String PAYMENT_BEFORE_ORIGINATION = "PAYMENT_BEFORE_ORIGINATION";
  public static final String ID_CONFLICT = "ID_CONFLICT";
  public static final String SCHEDULE_GAP = "SCHEDULE_GAP";

  /** The quarantine table: one row per rejected input row. */
  public static final StructType QUARANTINE_SCHEMA = new StructType()
      .add("source_table", DataTypes.StringType, false)
      .add("source_file", DataTypes.StringType, true)
      .add("row_number", DataTypes.LongType, true)
      .add("raw_record", DataTypes.StringType, true)
      .add("reason_code", DataTypes.StringType, false)
      .add("detail", DataTypes.StringType, true)
      .add("run_id", DataTypes.StringType, false);

  /**
   * How dates and times are written in raw text.
   *
   * @param date pattern of dates, e.g. {@code yyyy-MM-dd}
   * @param timestamp pattern of times, e.g. {@code yyyy-MM-dd HH:mm:ss}
   */
  public record Formats(String date, String timestamp) implements Serializable {}

  private Validation() {}

  private static String text(String column) {
    return "_t_" + column;
  }

  private static Column typed(ColumnRule rule, Formats formats) {
    Column text = col(text(rule.name()));
    String quoted = "`" + text(rule.name()) + "`";
    return switch (rule.type()) {
      case STRING -> text;
      case MONEY -> expr("try_cast(try_cast(" + quoted + " AS DECIMAL(38,10)) AS DECIMAL(18,2))");
      case INTEGER -> {
        Column number = expr("try_cast(" + quoted + " AS DECIMAL(38,10))");
        yield when(number.equalTo(floor(number)), number.cast(DataTypes.IntegerType));
      }
      case DOUBLE -> expr("try_cast(" + quoted + " AS DOUBLE)");
      case DATE -> to_date(expr("try_to_timestamp(" + quoted + ", '"
          + formats.date().replace("'", "''") + "')"));
      case TIMESTAMP -> expr("try_to_timestamp(" + quoted + ", '"
          + formats.timestamp().replace("'", "''") + "')");
      case BOOLEAN -> when(lower(text).isin("true", "t", "yes", "y", "1"), lit(true))
          .when(lower(text).isin("false", "f", "no", "n", "0"), lit(false));
    };
  }

  /**
   * Types every contract column and records the first failing row-level rule: field count,
   * required values, types, enumerations, ranges, dates after {@code asOf}, and for loans event
   * dates before origination.
   */
  public static Dataset<Row> checkRows(Dataset<Row> raw, TableContract contract, Formats formats,
      LocalDate asOf) {
    // Two batches (texts, then values typed from them), each analysed once (see Columns).
    Map<String, Column> texts = new LinkedHashMap<>();
    Map<String, Column> values = new LinkedHashMap<>();
    for (ColumnRule rule : contract.columns()) {
      Column trimmed = trim(col(rule.name()).cast(DataTypes.StringType));
      texts.put(text(rule.name()), when(trimmed.notEqual(""), trimmed));
      values.put(rule.name(), typed(rule, formats));
    }
    Dataset<Row> df = Columns.with(Columns.with(raw, texts), values);
    List<Column[]> checks = new ArrayList<>();
    checks.add(check(col(FIELD_ERROR).isNotNull(), FIELD_COUNT, col(FIELD_ERROR)));
    for (ColumnRule rule : contract.columns()) {
      if (rule.required()) {
        checks.add(check(col(text(rule.name())).isNull(), MISSING_REQUIRED,
            lit(rule.name() + " is empty")));
      }
    }
    for (ColumnRule rule : contract.columns()) {
      if (rule.type().reason() != null) {
        checks.add(check(col(text(rule.name())).isNotNull().and(col(rule.name()).isNull()),
            rule.type().reason(), concat(lit(rule.name() + ": '"), col(text(rule.name())),
                lit("' is not a valid " + rule.type().name().toLowerCase()))));
      }
    }
    for (ColumnRule rule : contract.columns()) {
      if (!rule.allowed().isEmpty()) {
        checks.add(check(col(rule.name()).isNotNull()
                .and(not(col(rule.name()).isin(rule.allowed().toArray()))), BAD_ENUM,
            concat(lit(rule.name() + ": '"), col(rule.name()),
                lit("' is not one of " + String.join(", ", rule.allowed())))));
      }
    }
    for (ColumnRule rule : contract.columns()) {
      Column value = col(rule.name());
      if (rule.min() != null) {
        String code = rule.type() == ColumnType.MONEY && rule.min() == 0
            ? NEGATIVE_AMOUNT : OUT_OF_RANGE;
        checks.add(check(value.lt(lit(rule.min())), code,
            concat(lit(rule.name() + ": "), value.cast("string"),
                lit(" is below " + format(rule.min())))));
      }
      if (rule.max() != null) {
        checks.add(check(value.gt(lit(rule.max())), OUT_OF_RANGE,
            concat(lit(rule.name() + ": "), value.cast("string"),
                lit(" is above " + format(rule.max())))));
      }
    }
    for (ColumnRule rule : contract.columns()) {
      if (rule.notAfterAsOf()) {
        Column limit = rule.type() == ColumnType.TIMESTAMP
            ? lit(Timestamp.valueOf(asOf.plusDays(1).atStartOfDay()))
            : lit(Date.valueOf(asOf));
        Column after = rule.type() == ColumnType.TIMESTAMP
            ? col(rule.name()).geq(limit) : col(rule.name()).gt(limit);
        checks.add(check(after, FUTURE_DATE, concat(lit(rule.name() + ": "),
            col(rule.name()).cast("string"), lit(" is after the as-of date " + asOf))));
      }
    }
    if (contract.table().equals(RawTables.LOANS)) {
      for (String term : List.of("annual_rate", "term_months")) {
        checks.add(check(col(term).isNull().and(col("product").notEqual("credit_card")),
            MISSING_REQUIRED, lit(term + " is empty (required for instalment loans)")));
      }
      for (String event : List.of("closed_date", "written_off_date", "litigation_date")) {
        checks.add(check(col(event).lt(col("origination_date")), EVENT_BEFORE_ORIGINATION,
            concat(lit(event + " "), col(event).cast("string"),
                lit(" is before origination_date "), col("origination_date").cast("string"))));
      }
    }
    Column reason = coalesce(checks.stream().map(c -> when(c[0], c[1])).toArray(Column[]::new));
    Column detail = coalesce(checks.stream().map(c -> when(c[0], c[2])).toArray(Column[]::new));
    List<Column> out = new ArrayList<>(List.of(col(SOURCE_FILE), col(ROW_NUMBER),
        col(RAW_RECORD), reason.as(REASON), detail.as(DETAIL)));
    StructType schema = contract.schema();
    for (ColumnRule rule : contract.columns()) {
      out.add(col(rule.name()).cast(schema.apply(rule.name()).dataType()).as(rule.name()));
    }
    for (String extra : raw.columns()) {
      if (!extra.startsWith("_") && !contract.columnNames().contains(extra)) {
        out.add(col(extra));
      }
    }
    return df.select(out.toArray(Column[]::new));
  }

  private static Column[] check(Column failed, String code, Column detail) {
    return new Column[] {coalesce(failed, lit(false)), lit(code), detail};
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }

  /**
   * Resolves identifiers among the rows that passed the row checks, in one pass over the key:
   * when every row sharing a key has the same content, the first (by file and row) is kept and
   * the others are flagged {@link #DUPLICATE}; when contents differ, every row of the key is an
   * {@link #ID_CONFLICT}. Content is compared by two independent 32- and 64-bit hashes of all
   * data columns (a false match needs both to collide).
   */
  public static Dataset<Row> resolveKeys(Dataset<Row> checked, TableContract contract) {
    List<Column> data = new ArrayList<>();
    for (String column : checked.columns()) {
      if (!column.startsWith("_")) {
        data.add(col(column));
      }
    }
    Column[] content = data.toArray(Column[]::new);
    List<Column> partition = new ArrayList<>();
    for (String column : contract.key()) {
      partition.add(col(column));
    }
    Column valid = col(REASON).isNull();
    partition.add(valid);
    WindowSpec byKey = Window.partitionBy(partition.toArray(Column[]::new));
    Column identical = min(col("_h1")).over(byKey).equalTo(max(col("_h1")).over(byKey))
        .and(min(col("_h2")).over(byKey).equalTo(max(col("_h2")).over(byKey)));
    Column rank = row_number().over(byKey.orderBy(col(SOURCE_FILE), col(ROW_NUMBER)));
    return checked
        .withColumn("_h1", xxhash64(content))
        .withColumn("_h2", hash(content))
        .withColumn("_identical", identical)
        .withColumn(KEY_ROWS, count(lit(1)).over(byKey))
        .withColumn(DUPLICATE, valid.and(col("_identical")).and(rank.gt(1)))
        .withColumn(DETAIL, when(valid.and(not(col("_identical"))), concat(
            lit(String.join(", ", contract.key()) + " shared by "), col(KEY_ROWS).cast("string"),
            lit(" rows with different content"))).otherwise(col(DETAIL)))
        .withColumn(REASON, when(valid.and(not(col("_identical"))), lit(ID_CONFLICT))
            .otherwise(col(REASON)))
        .drop("_h1", "_h2", "_identical", KEY_ROWS);
  }

  /** Where each row ends: {@code clean}, {@code quarantined} or {@code duplicate}. */
  public static Dataset<Row> withOutcome(Dataset<Row> resolved) {
    return resolved.withColumn(OUTCOME, when(col(REASON).isNotNull(), lit(QUARANTINED))
        .when(col(DUPLICATE), lit(DUPLICATE_OUTCOME)).otherwise(lit(CLEAN)));
  }

  /**
   * Marks rows whose parent is unknown ({@code UNKNOWN_LOAN}, ...) and, for payments, those dated
   * before their loan's origination. Rows already marked keep their first reason.
   *
   * @param parents clean parent tables by name; a reference to an absent parent is not checked
   */
  public static Dataset<Row> checkParents(Dataset<Row> rows, TableContract contract,
      Map<String, Dataset<Row>> parents) {
    Dataset<Row> df = rows;
    for (TableContract.Reference reference : contract.references()) {
      Dataset<Row> parent = parents.get(reference.parent());
      if (parent == null) {
        continue;
      }
      String parentKey = Contracts.forTable(reference.parent()).key().get(0);
      boolean withOrigination = contract.table().equals(RawTables.PAYMENTS)
          && reference.parent().equals(RawTables.LOANS);
      Dataset<Row> keys = withOrigination
          ? parent.select(col(parentKey).as("_parent_key"),
              col("origination_date").as("_parent_origination"))
          : parent.select(col(parentKey).as("_parent_key"));
      df = df.join(keys, col(reference.column()).equalTo(col("_parent_key")), "left");
      Column unknown = col(REASON).isNull()
          .and(col(reference.column()).isNotNull()).and(col("_parent_key").isNull());
      Column reason = when(unknown, lit(reference.reason()));
      Column detail = when(unknown, concat(lit(reference.column() + " '"),
          col(reference.column()), lit("' is not in clean/" + reference.parent())));
      if (withOrigination) {
        Column early = col(REASON).isNull()
            .and(col("payment_date").lt(col("_parent_origination")));
        reason = reason.when(early, lit(PAYMENT_BEFORE_ORIGINATION));
        detail = detail.when(early, concat(lit("payment_date "),
            col("payment_date").cast("string"), lit(" is before origination_date "),
            col("_parent_origination").cast("string")));
      }
      // The detail first: both conditions read the reason as it was before this reference.
      df = df.withColumn(DETAIL, coalesce(col(DETAIL), detail))
          .withColumn(REASON, coalesce(col(REASON), reason))
          .drop("_parent_key", "_parent_origination");
    }
    return df;
  }

  /**
   * Marks every schedule row of a loan whose instalment numbers are not exactly 1..n
   * ({@link #SCHEDULE_GAP}); repeated numbers were already caught as identifier conflicts.
   */
  public static Dataset<Row> checkScheduleGaps(Dataset<Row> schedule) {
    WindowSpec loan = Window.partitionBy(col("loan_id"));
    Column usable = col(REASON).isNull().and(not(col(DUPLICATE)));
    Column number = when(usable, col("installment_no"));
    Column first = min(number).over(loan);
    Column last = max(number).over(loan);
    Column rows = count(number).over(loan);
    Column gap = usable.and(first.notEqual(1).or(last.notEqual(rows)));
    return schedule
        .withColumn(DETAIL, when(gap, concat(lit("installments of loan "), col("loan_id"),
            lit(" run "), first.cast("string"), lit(".."), last.cast("string"), lit(" with "),
            rows.cast("string"), lit(" rows"))).otherwise(col(DETAIL)))
        .withColumn(REASON, when(gap, lit(SCHEDULE_GAP)).otherwise(col(REASON)));
  }

  /** Quarantine rows of the rejected rows of one table; personal data is masked. */
  public static Dataset<Row> toQuarantine(Dataset<Row> rejected, TableContract contract,
      String runId) {
    Column record = contract.personalData()
        ? concat(lit("customer_id="), coalesce(col("customer_id").cast("string"), lit("?")),
            lit(" (personal data masked)"))
        : col(RAW_RECORD);
    return rejected.select(lit(contract.table()).as("source_table"),
        col(SOURCE_FILE).as("source_file"), col(ROW_NUMBER).as("row_number"),
        record.as("raw_record"), col(REASON).as("reason_code"), col(DETAIL).as("detail"),
        lit(runId).as("run_id"));
  }

  /** The clean rows in contract column order (plus kept extra columns). */
  public static Dataset<Row> toClean(Dataset<Row> accepted, TableContract contract) {
    List<Column> out = new ArrayList<>();
    for (String column : contract.columnNames()) {
      out.add(col(column));
    }
    for (String column : accepted.columns()) {
      if (!column.startsWith("_") && !contract.columnNames().contains(column)) {
        out.add(col(column));
      }
    }
    return accepted.select(out.toArray(Column[]::new));
  }
}
