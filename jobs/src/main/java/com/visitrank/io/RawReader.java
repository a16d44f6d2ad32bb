package com.visitrank.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.ingest.TableContract;
import com.visitrank.ingest.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.reflect.ClassTag$;

/**
 * Reads a raw table, CSV or Parquet, into one form for validation: the text of every contract
 * column, where each row came from ({@code _source_file}, {@code _row_number}: the CSV line or the
 * Parquet row, from 1), the raw record as text, and for CSV a wrong number of fields.
 *
 * <p>CSV files are parsed by univocity (bundled with Spark), one task per file so that line
 * numbers are exact: header required, UTF-8 with or without BOM, CRLF or LF, quoted fields
 * (also across lines), blank lines ignored. Headers are matched case-insensitively.
 */
public final class RawReader {

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final IngestSettings settings;

  public RawReader(SparkSession spark, Warehouse warehouse, IngestSettings settings) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.settings = settings;
  }

  /** The data files of a raw table, or an empty list when the table is absent. */
  public List<FileStatus> files(String table) {
    Path dir = new Path(warehouse.path(Warehouse.RAW, table));
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          files.add(status);
        }
      }
      files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      return files;
    } catch (IOException e) {
      throw new InputError("Cannot list raw/" + table + " at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads a raw table in the validation form. */
  public Dataset<Row> read(TableContract contract) {
    List<FileStatus> files = files(contract.table());
    String format = format(contract.table(), files);
    return format.equals("csv")
        ? readCsv(contract.table(), contract.columnNames(), contract.requiredColumns(), files)
        : readParquet(contract);
  }

  /**
   * Reads one CSV file of a public format, every column required.
   *
   * @param label how messages name the source, e.g. {@code uci-credit-card}
   * @param columns the file's columns, lower case
   */
  public Dataset<Row> readCsvFile(String label, String file, List<String> columns) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isFile(path)) {
        throw new InputError("Missing input file for " + label + ": " + file
            + " (set ingest.path to the CSV file)");
      }
      return readCsv(label, columns, columns, List.of(fs.getFileStatus(path)));
    } catch (IOException e) {
      throw new InputError("Cannot read " + label + " file " + file + ": " + e.getMessage(), e);
    }
  }

  private String format(String table, List<FileStatus> files) {
    String configured = settings.format(table);
    if (!configured.equals("auto")) {
      return configured;
    }
    String found = null;
    for (FileStatus file : files) {
      String name = file.getPath().getName().toLowerCase(Locale.ROOT);
      String format = name.endsWith(".csv") ? "csv" : name.endsWith(".parquet") ? "parquet" : null;
      if (format == null) {
        throw new InputError("Cannot tell the format of raw/" + table + " file " + file.getPath()
            + ": expected .csv or .parquet files, or set ingest.tables." + table + ".format");
      }
      if (found != null && !found.equals(format)) {
        throw new InputError("raw/" + table + " mixes CSV and Parquet files (" + file.getPath()
            + "); keep one format per table or set ingest.tables." + table + ".format");
      }
      found = format;
    }
    if (found == null) {
      throw new InputError("raw/" + table + " at " + warehouse.path(Warehouse.RAW, table)
          + " holds no data files");
    }
    return found;
  }

  private List<String> outputColumns(List<String> contractColumns, List<String> extras) {
    List<String> columns = new ArrayList<>(contractColumns);
    if (settings.keepExtraColumns()) {
      columns.addAll(extras);
    }
    return columns;
  }

  private StructType formSchema(List<String> columns) {
    StructType schema = new StructType()
        .add(Validation.SOURCE_FILE, DataTypes.StringType)
        .add(Validation.ROW_NUMBER, DataTypes.LongType)
        .add(Validation.RAW_RECORD, DataTypes.StringType)
        .add(Validation.FIELD_ERROR, DataTypes.StringType);
    for (String column : columns) {
      schema = schema.add(column, DataTypes.StringType);
    }
    return schema;
  }

  private Dataset<Row> readParquet(TableContract contract) {
    String location = warehouse.path(Warehouse.RAW, contract.table());
    Dataset<Row> df;
    try {
      df = spark.read().parquet(location);
    } catch (RuntimeException e) {
      throw new InputError("Cannot read raw/" + contract.table() + " at " + location + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    List<String> present = new ArrayList<>();
    for (String column : df.columns()) {
      present.add(column.toLowerCase(Locale.ROOT));
    }
    checkRequired(contract.table(), contract.requiredColumns(), present, location);
    List<String> extras = new ArrayList<>();
    for (String column : df.columns()) {
      if (!contract.columnNames().contains(column.toLowerCase(Locale.ROOT))) {
        extras.add(column);
      }
    }
    List<Column> out = new ArrayList<>(List.of(
        col("_metadata.file_path").as(Validation.SOURCE_FILE),
        col("_metadata.row_index").plus(1).as(Validation.ROW_NUMBER),
        to_json(struct(java.util.Arrays.stream(df.columns()).map(c -> col("`" + c + "`"))
            .toArray(Column[]::new))).as(Validation.RAW_RECORD),
        lit(null).cast(DataTypes.StringType).as(Validation.FIELD_ERROR)));
    StructType schema = df.schema();
    for (String column : outputColumns(contract.columnNames(), extras)) {
      String source = null;
      for (StructField field : schema.fields()) {
        if (field.name().equalsIgnoreCase(column)) {
          source = field.name();
        }
      }
      if (source == null) {
        out.add(lit(null).cast(DataTypes.StringType).as(column));
        continue;
      }
      Column value = col("`" + source + "`");
      org.apache.spark.sql.types.DataType type = schema.apply(source).dataType();
      if (type.equals(DataTypes.DateType)) {
        value = date_format(value, settings.formats().date());
      } else if (type.equals(DataTypes.TimestampType)) {
        value = date_format(value, settings.formats().timestamp());
      } else {
        value = value.cast(DataTypes.StringType);
      }
      out.add(value.as(column));
    }
    return df.select(out.toArray(Column[]::new));
  }

  private static void checkRequired(String table, List<String> required, List<String> present,
      String location) {
    List<String> missing = new ArrayList<>();
    for (String column : required) {
      if (!present.contains(column)) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw new InputError(table + " file " + location
          + " lacks required column(s) " + String.join(", ", missing)
          + " (the input contract in README lists every column)");
    }
  }

  /** One CSV file and where each output column sits in its records (-1: absent). */
  private record CsvFile(String path, int[] positions, int fields) implements Serializable {}

  private Dataset<Row> readCsv(String table, List<String> contractColumns, List<String> required,
      List<FileStatus> files) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String[]> headers = new ArrayList<>();
    TreeSet<String> extras = new TreeSet<>();
    for (FileStatus file : files) {
      String[] header = header(file.getPath(), conf, table);
      headers.add(header);
      List<String> names = List.of(header);
      checkRequired(table, required, names, file.getPath().toString());
      for (String name : header) {
        if (!contractColumns.contains(name)) {
          extras.add(name);
        }
      }
    }
    List<String> columns = outputColumns(contractColumns, new ArrayList<>(extras));
    List<CsvFile> plan = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      List<String> header = List.of(headers.get(i));
      int[] positions = columns.stream().mapToInt(header::indexOf).toArray();
      plan.add(new CsvFile(files.get(i).getPath().toString(), positions, header.size()));
    }
    Broadcast<SerializableConfiguration> hadoop = spark.sparkContext().broadcast(
        new SerializableConfiguration(conf),
        ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    StructType schema = formSchema(columns);
    Dataset<Integer> indexes = spark.createDataset(
        java.util.stream.IntStream.range(0, plan.size()).boxed().toList(), Encoders.INT())
        .repartition(Math.max(1, plan.size()));
    return indexes.flatMap((FlatMapFunction<Integer, Row>) i ->
        new CsvRows(plan.get(i), hadoop.value().value()), Encoders.row(schema));
  }

  private static String[] header(Path file, Configuration conf, String table) {
    try (Reader reader = open(file, conf)) {
      CsvParser parser = new CsvParser(csvSettings());
      parser.beginParsing(reader);
      String[] header = parser.parseNext();
      parser.stopParsing();
      if (header == null) {
        throw new InputError(table + " file " + file + " is empty: expected a header");
      }
      String[] names = new String[header.length];
      for (int i = 0; i < header.length; i++) {
        String name = header[i] == null ? "" : header[i];
        names[i] = name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
      }
      return names;
    } catch (IOException e) {
      throw new InputError("Cannot read " + table + " file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Reader open(Path file, Configuration conf) throws IOException {
    InputStream in = file.getFileSystem(conf).open(file);
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  private static CsvParserSettings csvSettings() {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setSkipEmptyLines(true);
    settings.setMaxCharsPerColumn(1 << 20);
    settings.setMaxColumns(4096);
    settings.setNullValue(null);
    settings.setEmptyValue(null);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    return settings;
  }

  /** The records of one CSV file after its header, as rows of the validation form. */
  private static final class CsvRows implements Iterator<Row> {
    private final CsvFile file;
    private final Reader reader;
    private final CsvParser parser;
    private Row next;

    CsvRows(CsvFile file, Configuration conf) {
      this.file = file;
      try {
        this.reader = open(new Path(file.path()), conf);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open " + file.path(), e);
      }
      this.parser = new CsvParser(csvSettings());
      parser.beginParsing(reader);
      parser.parseNext();
      advance();
    }

    private void advance() {
      String[] record = parser.parseNext();
      if (record == null) {
        next = null;
        parser.stopParsing();
        return;
      }
      Object[] values = new Object[4 + file.positions().length];
      values[0] = file.path();
      values[1] = parser.getContext().currentLine();
      String raw = parser.getContext().currentParsedContent();
      values[2] = raw == null ? null : raw.stripTrailing();
      values[3] = record.length == file.fields() ? null
          : "expected " + file.fields() + " fields, found " + record.length;
      for (int i = 0; i < file.positions().length; i++) {
        int position = file.positions()[i];
        values[4 + i] = position >= 0 && position < record.length ? record[position] : null;
      }
      next = RowFactory.create(values);
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Row next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Row row = next;
      advance();
      return row;
    }
  }
}
