package com.visitrank.config;

import com.visitrank.ingest.Contracts;
import com.visitrank.ingest.TableContract;
import com.visitrank.ingest.Validation;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@code ingest} job.
 *
 * @param source {@code native} or {@code uci-credit-card}
 * @param path the file of a public-format source
 * @param formats date and time patterns of CSV files
 * @param keepExtraColumns whether columns outside the contract are carried into clean tables
 * @param maxRejectRatio the limit of tables without their own (e.g. the UCI file's tables)
 * @param tables per raw table: format and the largest share of rejected rows allowed
 * @param buckets files of each clean table gathered by loan, rows hashed by {@code loan_id}
 *     (0: plain files, not bucketed)
 */
public record IngestSettings(String source, String path, Validation.Formats formats,
    boolean keepExtraColumns, double maxRejectRatio, Map<String, TableSettings> tables,
    int buckets) {

  /**
   * One raw table's settings.
   *
   * @param format {@code auto}, {@code csv} or {@code parquet}
   * @param maxRejectRatio largest share of the table's rows that may be quarantined
   */
  public record TableSettings(String format, double maxRejectRatio) {}

  /** {@code ingest.source} of the native raw tables. */
  public static final String NATIVE = "native";
  /** {@code ingest.source} of the UCI credit-card file. */
  public static final String UCI_CREDIT_CARD = "uci-credit-card";
  public static final List<String> SOURCES = List.of(NATIVE, UCI_CREDIT_CARD);
  private static final List<String> FORMATS = List.of("auto", "csv", "parquet");

  public static IngestSettings read(ConfigReader r) {
    String source = r.string("ingest.source");
    if (!SOURCES.contains(source)) {
      throw new ConfigError("ingest.source", r.origin("ingest.source"),
          "must be one of " + String.join(", ", SOURCES) + ", got '" + source + "'");
    }
    String path = r.string("ingest.path");
    if (!source.equals(NATIVE) && path.isBlank()) {
      throw new ConfigError("ingest.path", r.origin("ingest.path"),
          "must name the file to read when ingest.source=" + source);
    }
    String date = pattern(r, "ingest.date-format");
    String timestamp = pattern(r, "ingest.timestamp-format");
    String extra = r.string("ingest.extra-columns");
    if (!extra.equals("ignore") && !extra.equals("keep")) {
      throw new ConfigError("ingest.extra-columns", r.origin("ingest.extra-columns"),
          "must be ignore or keep, got '" + extra + "'");
    }
    double defaultRatio = r.probability("ingest.max-reject-ratio");
    Map<String, TableSettings> tables = new LinkedHashMap<>();
    for (TableContract contract : Contracts.ALL) {
      String prefix = "ingest.tables." + contract.table() + ".";
      String format = r.string(prefix + "format");
      if (!FORMATS.contains(format)) {
        throw new ConfigError(prefix + "format", r.origin(prefix + "format"),
            "must be one of auto, csv, parquet, got '" + format + "'");
      }
      double ratio = r.string(prefix + "max-reject-ratio").isBlank()
          ? defaultRatio : r.probability(prefix + "max-reject-ratio");
      tables.put(contract.table(), new TableSettings(format, ratio));
    }
    return new IngestSettings(source, path, new Validation.Formats(date, timestamp),
        extra.equals("keep"), defaultRatio, Map.copyOf(tables),
        r.integer("ingest.buckets", 0, 4096));
  }

  private static String pattern(ConfigReader r, String key) {
    String value = r.nonEmptyString(key);
    try {
      DateTimeFormatter.ofPattern(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(key, r.origin(key),
          "must be a date-time pattern such as yyyy-MM-dd, got '" + value + "'");
    }
    return value;
  }

  public String format(String table) {
    TableSettings settings = tables.get(table);
    return settings == null ? "auto" : settings.format();
  }

  public double maxRejectRatio(String table) {
    TableSettings settings = tables.get(table);
    return settings == null ? maxRejectRatio : settings.maxRejectRatio();
  }
}
