package com.visitrank.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.visitrank.config.ConfigError;
import com.visitrank.schema.RawTables;
import com.visitrank.schema.TargetTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse: every table is a Parquet directory at {@code <root>/<area>/<table>}. All reads
 * and writes go through here. A table is published atomically: written complete into a staging
 * directory, its marker file (run, rows, files, schema fingerprint) written last, then swapped in
 * by renames, so a reader finds the previous complete table or the new complete one. A run
 * killed between the two renames of a swap leaves the previous version aside, in
 * {@code .trash-<run-id>/}; {@link #recover} puts it back and removes a dead run's staging.
 * Restricted tables (personal data) get owner-only permissions on local file systems.
 */
public final class Warehouse {

  public static final String RAW = "raw";
  public static final String CLEAN = "clean";
  public static final String QUARANTINE = "quarantine";
  public static final String FEATURES = "features";
  public static final String MODELS = "models";
  public static final String TARGETS = "targets";
  public static final String VISITS = "visits";
  public static final String EVALUATION = "evaluation";
  public static final String REPORTS = "reports";
  public static final String RUNS = "runs";
  public static final String TRUTH = "truth";

  /** Written last into every published table: its name, run, row count and schema. */
  public static final String MARKER = "_visitrank.json";
  /** The marker's field recording a table's {@link Bucketing}. */
  private static final String BUCKETING = "bucketing";
  /** The field of {@link #BUCKETING} listing {@link Bucketing#sortedBy()}. */
  private static final String SORTED_BY = "sorted_by";

  /** Tables holding personal data: owner-only permissions (0700 / 0600) on local disks. */
  public static final Set<String> RESTRICTED = Set.of(
      RAW + "/" + RawTables.CUSTOMER_CONTACTS,
      CLEAN + "/" + RawTables.CUSTOMER_CONTACTS,
      TARGETS + "/" + TargetTables.VISIT_CONTACTS);

  private static final String STAGING = ".staging";
  /** The run id under which {@link #copyTablesFrom} stages its copies. */
  private static final String COPY_RUN = "copy";
  private static final String TRASH = ".trash-";
  private static final FsPermission OWNER_DIR = new FsPermission((short) 0700);
  private static final FsPermission OWNER_FILE = new FsPermission((short) 0600);

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Numbers the session catalog entries through which bucketed tables are read. */
  private static final AtomicLong CATALOG_NAMES = new AtomicLong();

  /**
   * A table's files hashed by one column into a fixed number of buckets, one file per bucket,
   * each bucket's rows sorted by {@code sortedBy}. Spark's hash of a bucketed table is that of
   * its shuffles, so joins and aggregates by {@code column} of tables bucketed alike (and of
   * what is derived from them row by row) read each bucket in one task and shuffle nothing; and
   * with {@code spark.sql.legacy.bucketedTableScan.outputOrdering} (reference.conf) Spark knows
   * each bucket's rows to be sorted, so joins and windows by the sort columns sort nothing
   * either. Recorded in the table's marker; {@link #read} declares it to Spark.
   *
   * @param column the column rows are hashed by
   * @param buckets number of buckets (files), at least 1
   * @param sortedBy the columns each bucket's rows are sorted by, ascending; empty for rows in
   *     no declared order
   */
  public record Bucketing(String column, int buckets, List<String> sortedBy) {

    public Bucketing {
      if (buckets < 1) {
        throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
      }
      sortedBy = List.copyOf(sortedBy);
    }

    /** Buckets whose rows are in no declared order. */
    public Bucketing(String column, int buckets) {
      this(column, buckets, List.of());
    }
  }

  /** A data file as Spark names it: task, job, file counter and extension. */
  private static final java.util.regex.Pattern TASK_FILE =
      java.util.regex.Pattern.compile("part-(\\d+)-(.+)-c(\\d+)(\\..+)");

  private final SparkSession spark;
  private final String root;
  private final FileSystem fs;
  /** A private instance without checksum side files, for manifests and markers. */
  private final FileSystem textFs;

  public Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    try {
      Path rootPath = new Path(this.root);
      this.fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      this.textFs = FileSystem.newInstance(rootPath.toUri(),
          spark.sparkContext().hadoopConfiguration());
      this.textFs.setWriteChecksum(false);
    } catch (IOException e) {
      throw new InputError("Cannot open warehouse " + root + ": " + e.getMessage(), e);
    }
  }

  public String root() {
    return root;
  }

  public String path(String area, String table) {
    return root + "/" + area + "/" + table;
  }

  public String path(String area) {
    return root + "/" + area;
  }

  /** Whether a complete table (with its marker, or at least Spark's success file) exists. */
  public boolean exists(String area, String table) {
    try {
      Path dir = new Path(path(area, table));
      return fs.exists(new Path(dir, MARKER)) || fs.exists(new Path(dir, "_SUCCESS"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a killed swap left the table's previous version in a trash directory. */
  private boolean leftAside(String area, String table) {
    try {
      Path areaPath = new Path(path(area));
      if (!fs.exists(areaPath)) {
        return false;
      }
      for (FileStatus status : fs.listStatus(areaPath)) {
        if (status.getPath().getName().startsWith(TRASH)
            && fs.exists(new Path(status.getPath(), table))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a table and checks that it has every column of {@code expected} (extra columns are
   * kept). Fails with a message naming the table, its path and the missing columns.
   */
  public Dataset<Row> read(String area, String table, StructType expected) {
    String location = requireComplete(area, table);
    Dataset<Row> df;
    try {
      Bucketing bucketing = bucketing(area, table);
      df = bucketing == null ? spark.read().parquet(location)
          : readBucketed(location, bucketing);
    } catch (RuntimeException e) {
      throw new InputError("Cannot read table " + area + "/" + table + " at " + location + ": "
          + firstLine(e.getMessage()), e);
    }
    requireColumns(df, expected, area + "/" + table + " at " + location);
    return df;
  }

  /** The bucketing a published table's marker records; null when its files are not bucketed. */
  public Bucketing bucketing(String area, String table) {
    try {
      JsonNode node = markerField(new Path(path(area, table)), BUCKETING);
      if (node == null) {
        return null;
      }
      List<String> sortedBy = new ArrayList<>();
      if (node.has(SORTED_BY)) {
        node.get(SORTED_BY).forEach(column -> sortedBy.add(column.asText()));
      }
      return new Bucketing(node.get("column").asText(), node.get("buckets").asInt(), sortedBy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A bucketed table as Spark reads it bucket by bucket: an external session-catalog table on
   * its directory with its schema and buckets declared (Spark takes bucketing from a catalog
   * only). Each read registers a new name, so no later read meets another's cached file list.
   */
  private Dataset<Row> readBucketed(String location, Bucketing bucketing) {
    StructType columns;
    try {
      columns = (StructType) DataType.fromJson(
          markerField(new Path(location), "schema").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = "visitrank_read_" + CATALOG_NAMES.incrementAndGet();
    // The catalog resolves a relative location against its own directory, not the working one.
    String qualified = fs.makeQualified(new Path(location)).toString();
    String sorted = bucketing.sortedBy().isEmpty() ? ""
        : " SORTED BY (" + String.join(", ", bucketing.sortedBy().stream()
            .map(column -> "`" + column + "`").toList()) + ")";
    spark.sql("CREATE TABLE `" + name + "` (" + columns.toDDL() + ") USING parquet CLUSTERED BY"
        + " (`" + bucketing.column() + "`)" + sorted + " INTO " + bucketing.buckets()
        + " BUCKETS LOCATION '"
        + qualified.replace("\\", "\\\\").replace("'", "\\'") + "'");
    return spark.table(name);
  }

  /**
   * Fails unless the table exists complete and its files match its markers; returns its path.
   */
  private String requireComplete(String area, String table) {
    String location = path(area, table);
    if (!exists(area, table)) {
      throw new InputError("Missing input table " + area + "/" + table + ": nothing complete at "
          + location + (leftAside(area, table)
              ? " (an interrupted run left its previous version aside: the next visitrank job"
                  + " restores it)"
              : " (run the job that writes it first)"));
    }
    verify(area, table);
    return location;
  }

  /** Fails naming {@code what} when {@code df} lacks a column of {@code expected}. */
  private static void requireColumns(Dataset<Row> df, StructType expected, String what) {
    List<String> missing = new ArrayList<>();
    for (StructField field : expected.fields()) {
      if (!List.of(df.columns()).contains(field.name())) {
        missing.add(field.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new InputError("Table " + what + " lacks required column(s) "
          + String.join(", ", missing));
    }
  }

  /**
   * Reads only the {@code column=value} partitions of a partitioned table named in
   * {@code values} (those present; the others are skipped), with the same checks as
   * {@link #read}. Parquet takes a table's schema from one of its files: reading the whole table
   * when older partitions lack columns added since could lose the columns of the partitions
   * asked for; reading just those keeps them.
   */
  public Dataset<Row> readPartitions(String area, String table, String column,
      List<String> values, StructType expected) {
    String location = requireComplete(area, table);
    List<String> paths = new ArrayList<>();
    try {
      for (String value : values) {
        Path partition = new Path(location, column + "=" + value);
        if (fs.exists(partition)) {
          paths.add(partition.toString());
        }
      }
    } catch (IOException e) {
      throw new InputError("Cannot read table " + area + "/" + table + " at " + location + ": "
          + e.getMessage(), e);
    }
    if (paths.isEmpty()) {
      return read(area, table, expected).limit(0);
    }
    Dataset<Row> df = spark.read().option("basePath", location)
        .parquet(paths.toArray(new String[0]));
    requireColumns(df, expected, area + "/" + table + " at " + location + " (partitions "
        + column + " in " + values + ")");
    return df;
  }

  /**
   * The columns of each {@code column=value} partition of a partitioned table, by value: from
   * the schema its marker records, or, for a partition written without one, from its files.
   * Empty when the table does not exist.
   */
  public Map<String, Set<String>> partitionColumns(String area, String table, String column) {
    Map<String, Set<String>> columns = new TreeMap<>();
    Path dir = new Path(path(area, table));
    try {
      if (!fs.exists(dir)) {
        return columns;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (!status.isDirectory() || !name.startsWith(column + "=")) {
          continue;
        }
        Set<String> names = new TreeSet<>();
        JsonNode schema = markerField(status.getPath(), "schema");
        if (schema != null && schema.has("fields")) {
          schema.get("fields").forEach(field -> names.add(field.get("name").asText()));
        } else {
          names.addAll(List.of(spark.read().parquet(status.getPath().toString()).columns()));
        }
        names.add(column);
        columns.put(name.substring(column.length() + 1), names);
      }
    } catch (IOException e) {
      throw new InputError("Cannot read table " + area + "/" + table + " at " + dir + ": "
          + e.getMessage(), e);
    }
    return columns;
  }

  /**
   * Writes {@code data} as the complete new version of a table and returns its row count.
   *
   * @param runId written into the table's marker
   */
  public long publish(Dataset<Row> data, String area, String table, String runId) {
    long rows = stage(data, area, table, runId);
    commit(area, table, runId);
    return rows;
  }

  private Path staging(String area, String table, String runId) {
    return new Path(path(area), STAGING + "/" + table + "-" + runId);
  }

  /**
   * Writes {@code data} complete into the table's staging directory, marker last, without
   * touching the published table; {@link #commit} or {@link #discard} it afterwards.
   */
  public long stage(Dataset<Row> data, String area, String table, String runId,
      String... partitionColumns) {
    return stage(data, area, table, runId, null, partitionColumns);
  }

  /**
   * Writes {@code data} complete into the table's staging directory as {@link #stage} does, its
   * files bucketed ({@code bucketing}), the rows of each bucket sorted by its
   * {@link Bucketing#sortedBy()}; {@link #read} of the published table declares the buckets and
   * their order to Spark.
   */
  public long stage(Dataset<Row> data, String area, String table, String runId,
      Bucketing bucketing) {
    Dataset<Row> buckets = data.repartition(bucketing.buckets(),
        functions.col(bucketing.column()));
    if (!bucketing.sortedBy().isEmpty()) {
      buckets = buckets.sortWithinPartitions(bucketing.sortedBy().stream()
          .map(functions::col).toArray(Column[]::new));
    }
    return stage(buckets, area, table, runId, bucketing, new String[0]);
  }

  private long stage(Dataset<Row> data, String area, String table, String runId,
      Bucketing bucketing, String... partitionColumns) {
    Path staging = staging(area, table, runId);
    try {
      fs.delete(staging, true);
      // The staging area is the owner's only: a restricted table is never readable by others.
      fs.mkdirs(staging.getParent());
      restrict(staging.getParent(), false);
      data.write().mode(SaveMode.Overwrite).partitionBy(partitionColumns)
          .parquet(staging.toString());
      if (bucketing != null) {
        nameBuckets(staging);
      }
      Dataset<Row> written = spark.read().parquet(staging.toString());
      long rows;
      if (partitionColumns.length == 0) {
        rows = written.count();
      } else {
        rows = 0;
        String column = partitionColumns[0];
        for (Row row : written.groupBy(column).count().collectAsList()) {
          long count = row.getLong(1);
          rows += count;
          String value = row.isNullAt(0) ? "__HIVE_DEFAULT_PARTITION__"
              : row.get(0).toString();
          Path partition = new Path(staging, column + "=" + value);
          // Values Spark escapes in directory names get no marker of their own.
          if (fs.exists(partition)) {
            writeMarker(partition, table, runId, count, data.schema(), true, null);
          }
        }
      }
      writeMarker(staging, table, runId, rows, data.schema(), partitionColumns.length == 0,
          bucketing);
      if (RESTRICTED.contains(area + "/" + table)) {
        restrict(staging, true);
      }
      FaultPoint.reached(FaultPoint.STAGED);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage " + area + "/" + table + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Names each data file of a table written by {@link #stage} with {@link Bucketing} after its
   * bucket, as Spark's bucketed writes do ({@code part-00003-<job>_00003.c000.snappy.parquet}).
   * Its rows were shuffled by Spark's hash of the bucket column into as many partitions as
   * buckets, the same hash that assigns a bucket, so task k wrote exactly the rows of bucket k.
   * (Spark's own bucketed write goes through a catalog table and sorts each bucket again, losing
   * an order given by expressions, such as the schedule's by due year.)
   */
  private void nameBuckets(Path staging) throws IOException {
    for (String file : dataFiles(staging).keySet()) {
      java.util.regex.Matcher m = TASK_FILE.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException("Cannot tell the bucket of " + new Path(staging, file)
            + ": Spark named it otherwise than part-<task>-<job>-c<n>.<ext>");
      }
      String bucketed = String.format("part-%s-%s_%05d.c%s%s", m.group(1), m.group(2),
          Integer.parseInt(m.group(1)), m.group(3), m.group(4));
      if (!fs.rename(new Path(staging, file), new Path(staging, bucketed))) {
        throw new IOException("Cannot rename " + file + " to " + bucketed + " in " + staging);
      }
    }
  }

  /** Reads what {@link #stage} wrote. */
  public Dataset<Row> readStaged(String area, String table, String runId) {
    return spark.read().parquet(staging(area, table, runId).toString());
  }

  /** Swaps a staged table in place of the published one. */
  public void commit(String area, String table, String runId) {
    swap(staging(area, table, runId), new Path(path(area, table)), area + "/" + table, runId);
    restrictIfNeeded(area, table);
  }

  /**
   * Swaps a staged table in as one partition ({@code column=value}) of a partitioned table,
   * leaving its other partitions untouched, and rewrites the table's marker last.
   */
  public void commitPartition(String area, String table, String column, String value,
      String runId) {
    Path target = new Path(path(area, table), column + "=" + value);
    swap(staging(area, table, runId), target, area + "/" + table + "/" + column + "=" + value,
        runId);
    try {
      fs.delete(new Path(target, "_SUCCESS"), false);
      StructType schema = spark.read().parquet(path(area, table)).schema();
      long rows = spark.read().parquet(path(area, table)).count();
      writeMarker(new Path(path(area, table)), table, runId, rows, schema, false, null);
      restrictIfNeeded(area, table);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot mark " + area + "/" + table + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Swaps every {@code column=value} partition of a staged partitioned table into the published
   * table, replacing those partitions and leaving the others; the table's marker is rewritten
   * last.
   */
  public void commitPartitions(String area, String table, String column, String runId) {
    Path staging = staging(area, table, runId);
    try {
      for (FileStatus status : fs.listStatus(staging)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && name.startsWith(column + "=")) {
          swap(status.getPath(), new Path(path(area, table), name), area + "/" + table + "/"
              + name, runId);
        }
      }
      fs.delete(staging, true);
      Path target = new Path(path(area, table));
      Dataset<Row> published = spark.read().parquet(target.toString());
      writeMarker(target, table, runId, published.count(), published.schema(), false,
          null);
      restrictIfNeeded(area, table);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + area + "/" + table + ": "
          + e.getMessage(), e);
    }
  }

  /** Starts a set of staged tables to publish together (see {@link Publication}). */
  public Publication publication(String runId) {
    return new Publication(this, runId);
  }

  /** Whether the run has a table staged (not yet committed or discarded). */
  boolean isStaged(String area, String table, String runId) {
    try {
      return fs.exists(staging(area, table, runId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code work} with Spark's checkpoint directory in this warehouse, at
   * {@code models/.staging/checkpoints-<run-id>}, and deletes that directory afterwards (a killed
   * run's is removed by {@link #recover}). Iterative MLlib fits need it: gradient-boosted trees
   * checkpoint their running predictions every 10 trees only when a checkpoint directory is
   * set, and without one a few hundred trees make a lineage so long that deserialising a task
   * overflows its thread's stack. The directory is in the warehouse because every executor of
   * a cluster must reach it.
   */
  public <T> T withCheckpoints(String runId, Supplier<T> work) {
    String checkpoints = STAGING + "/checkpoints-" + runId;
    spark.sparkContext().setCheckpointDir(path(MODELS, checkpoints));
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      try {
        delete(MODELS, checkpoints);
      } catch (UncheckedIOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    delete(MODELS, checkpoints);
    return result;
  }

  /** Removes one small file under the root (no error when it is not there). */
  public void deleteFile(String relativePath) {
    try {
      textFs.delete(new Path(root + "/" + relativePath), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root + "/" + relativePath + ": "
          + e.getMessage(), e);
    }
  }

  /** Drops a staged table. */
  public void discard(String area, String table, String runId) {
    try {
      fs.delete(staging(area, table, runId), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Puts {@code staging} in place of {@code target}: the previous version is renamed into
   * {@code .trash-<run-id>/} beside it, the new one renamed in, then the old one deleted. A kill
   * between the renames leaves the previous version in the trash, where {@link #recover} finds
   * it.
   */
  private void swap(Path staging, Path target, String name, String runId) {
    Path trashDir = new Path(target.getParent(), TRASH + runId);
    Path trash = new Path(trashDir, target.getName());
    try {
      fs.delete(trash, true);
      fs.mkdirs(target.getParent());
      if (fs.exists(target)) {
        fs.mkdirs(trashDir);
        if (!fs.rename(target, trash)) {
          throw new IOException("cannot move the previous version of " + target + " aside");
        }
        FaultPoint.reached(FaultPoint.MOVED_ASIDE);
      }
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot move " + staging + " to " + target);
      }
      fs.delete(trashDir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a directory's marker: table, run, rows, schema and its fingerprint, and (with
   * {@code listFiles}) every data file directly in it with its size, which {@link #read}
   * checks.
   */
  private void writeMarker(Path dir, String table, String runId, long rows, StructType schema,
      boolean listFiles, Bucketing bucketing) throws IOException {
    ObjectNode marker = JSON.createObjectNode();
    marker.put("table", table);
    marker.put("run_id", runId);
    marker.put("rows", rows);
    marker.put("complete", true);
    marker.put("written_at", Instant.now().toString());
    marker.put("schema_fingerprint", fingerprint(schema.json()));
    marker.set("schema", JSON.readTree(schema.json()));
    if (bucketing != null) {
      ObjectNode buckets = marker.putObject(BUCKETING);
      buckets.put("column", bucketing.column());
      buckets.put("buckets", bucketing.buckets());
      if (!bucketing.sortedBy().isEmpty()) {
        bucketing.sortedBy().forEach(buckets.putArray(SORTED_BY)::add);
      }
    }
    if (listFiles) {
      ObjectNode files = marker.putObject("files");
      dataFiles(dir).forEach(files::put);
    } else {
      var partitions = marker.putArray("partitions");
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.isDirectory() && status.getPath().getName().contains("=")) {
          partitions.add(status.getPath().getName());
        }
      }
    }
    writeText(new Path(dir, MARKER), JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(marker));
  }

  /** The data files directly in {@code dir} (no hidden or underscore files), by name. */
  private Map<String, Long> dataFiles(Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    for (FileStatus status : fs.listStatus(dir)) {
      String name = status.getPath().getName();
      if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
        files.put(name, status.getLen());
      }
    }
    return files;
  }

  /** The first 16 hex digits of the SHA-256 of a schema's JSON. */
  static String fingerprint(String schemaJson) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(schemaJson.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A field of the marker in {@code dir}; null without a marker or without that field. */
  private JsonNode markerField(Path dir, String field) throws IOException {
    Path markerFile = new Path(dir, MARKER);
    if (!fs.exists(markerFile)) {
      return null;
    }
    try (InputStream in = textFs.open(markerFile)) {
      return JSON.readTree(in).get(field);
    }
  }

  /**
   * Checks a published table against its markers: every file a marker lists is there with its
   * size (the table's own marker, or each partition's). A table written before markers listed
   * files passes.
   */
  private void verify(String area, String table) {
    Path dir = new Path(path(area, table));
    try {
      List<Path> markedDirs = new ArrayList<>(List.of(dir));
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.isDirectory() && status.getPath().getName().contains("=")) {
          markedDirs.add(status.getPath());
        }
      }
      for (Path marked : markedDirs) {
        JsonNode files = markerField(marked, "files");
        if (files == null) {
          continue;
        }
        Map<String, Long> present = dataFiles(marked);
        var listed = files.fields();
        while (listed.hasNext()) {
          var file = listed.next();
          Long size = present.get(file.getKey());
          if (size == null || size != file.getValue().asLong()) {
            throw new InputError("Table " + area + "/" + table + " at " + dir + " is incomplete"
                + " or damaged: " + new Path(marked, file.getKey()) + (size == null
                    ? " is missing" : " has " + size + " bytes, not " + file.getValue().asLong())
                + " (rerun the job that writes it)");
          }
        }
      }
    } catch (IOException e) {
      throw new InputError("Cannot read table " + area + "/" + table + " at " + dir + ": "
          + e.getMessage(), e);
    }
  }

  private void restrictIfNeeded(String area, String table) {
    if (RESTRICTED.contains(area + "/" + table)) {
      try {
        restrict(new Path(path(area, table)), true);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot restrict " + path(area, table) + ": "
            + e.getMessage(), e);
      }
    }
  }

  /**
   * Owner-only permissions on a local file system: 0700 on {@code path} (and, with
   * {@code recursive}, every directory under it), 0600 on files. Other file systems keep their
   * own access control.
   */
  private void restrict(Path path, boolean recursive) throws IOException {
    if (!"file".equals(fs.getUri().getScheme())) {
      return;
    }
    FileStatus status = fs.getFileStatus(path);
    if (status.isFile()) {
      fs.setPermission(path, OWNER_FILE);
      return;
    }
    fs.setPermission(path, OWNER_DIR);
    if (recursive) {
      for (FileStatus child : fs.listStatus(path)) {
        restrict(child.getPath(), true);
      }
    }
  }

  /**
   * Makes the warehouse whole after a run that was killed: a publication journal it left is
   * completed (see {@link Publication}), a previous version left aside by an
   * interrupted swap (in a {@code .trash-<run-id>/} directory) is put back when nothing took
   * its place, or deleted when the new version is in; staging directories and half-written
   * small files of dead runs are removed. Looks two levels down (areas, then tables and model
   * names). One job writes to a warehouse at a time, so whatever it finds belongs to no live
   * run. Returns what it did, one line per repair.
   */
  public List<String> recover() {
    List<String> repairs = new ArrayList<>();
    try {
      Path rootPath = new Path(root);
      if (!fs.exists(rootPath)) {
        return repairs;
      }
      Path runs = new Path(path(RUNS));
      if (fs.exists(runs)) {
        for (FileStatus journal : fs.listStatus(runs)) {
          String name = journal.getPath().getName();
          if (name.startsWith(Publication.JOURNAL_PREFIX) && name.endsWith(".json")) {
            String runId = name.substring(Publication.JOURNAL_PREFIX.length(),
                name.length() - ".json".length());
            String relative = RUNS + "/" + name;
            repairs.addAll(Publication.complete(this, runId, readText(relative, "a journal")));
            deleteFile(relative);
          }
        }
      }
      for (FileStatus area : fs.listStatus(rootPath)) {
        if (!area.isDirectory()) {
          continue;
        }
        recoverIn(area.getPath(), repairs);
        for (FileStatus table : fs.listStatus(area.getPath())) {
          if (table.isDirectory() && !table.getPath().getName().startsWith(".")) {
            recoverIn(table.getPath(), repairs);
          }
        }
      }
    } catch (IOException e) {
      throw new InputError("Cannot check warehouse " + root + " for the leftovers of an"
          + " interrupted run: " + e.getMessage(), e);
    }
    return repairs;
  }

  private void recoverIn(Path dir, List<String> repairs) throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      Path path = child.getPath();
      String name = path.getName();
      if (name.startsWith(TRASH) && child.isDirectory()) {
        for (FileStatus previous : fs.listStatus(path)) {
          Path target = new Path(dir, previous.getPath().getName());
          if (!fs.exists(target)) {
            if (!fs.rename(previous.getPath(), target)) {
              throw new IOException("cannot move " + previous.getPath() + " back to " + target);
            }
            repairs.add("restored the previous version of " + relative(target)
                + " (run " + name.substring(TRASH.length()) + " was interrupted)");
          }
        }
        fs.delete(path, true);
      } else if (name.equals(STAGING) || name.startsWith(STAGING + "-")
          || (name.startsWith(".") && name.endsWith(".tmp"))) {
        // Complete runs leave their area's staging directory behind empty: not worth a line.
        boolean leftover = !child.isDirectory() || fs.listStatus(path).length > 0;
        fs.delete(path, true);
        if (leftover) {
          repairs.add("removed " + relative(path) + " left by an interrupted run");
        }
      }
    }
  }

  private String relative(Path path) {
    String text = path.toUri().getPath();
    String rootText = new Path(root).toUri().getPath();
    return text.startsWith(rootText + "/") ? text.substring(rootText.length() + 1) : text;
  }

  /**
   * Fails with a {@link ConfigError} when the warehouse cannot be written
   * (a read-only disk, a path under a file, no permission), before a job spends any time.
   */
  public void checkWritable(String runId) {
    Path probe = new Path(root + "/" + RUNS + "/.probe-" + runId + ".tmp");
    try {
      if ("file".equals(fs.getUri().getScheme())) {
        // Java's own file calls say why (read-only file system, not a directory, denied).
        java.nio.file.Path local = java.nio.file.Path.of(probe.toUri().getPath());
        java.nio.file.Files.createDirectories(local.getParent());
        java.nio.file.Files.writeString(local, "probe");
        java.nio.file.Files.delete(local);
        return;
      }
      if (!textFs.mkdirs(probe.getParent())) {
        throw new IOException("cannot create " + probe.getParent());
      }
      try (OutputStream out = textFs.create(probe, true)) {
        out.write('\n');
      }
      textFs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      throw new ConfigError("Cannot write to the warehouse " + root + " ("
          + firstLine(e.getMessage()) + "): point visitrank.warehouse at a writable"
          + " directory");
    }
  }

  /**
   * Publishes a directory of small text files ({@code <area>/<name>/}, e.g. a report) as one
   * unit: written into staging with a marker listing them, then swapped in.
   */
  public void publishFiles(String area, String name, Map<String, String> files, String runId) {
    stageFiles(area, name, files, runId);
    commit(area, name, runId);
  }

  /** Stages a directory of small text files with its marker; {@link #commit} swaps it in. */
  public void stageFiles(String area, String name, Map<String, String> files, String runId) {
    Path staging = staging(area, name, runId);
    try {
      fs.delete(staging, true);
      for (Map.Entry<String, String> file : files.entrySet()) {
        writeText(new Path(staging, file.getKey()), file.getValue());
      }
      ObjectNode marker = JSON.createObjectNode();
      marker.put("name", name);
      marker.put("run_id", runId);
      marker.put("complete", true);
      marker.put("written_at", Instant.now().toString());
      ObjectNode listed = marker.putObject("files");
      dataFiles(staging).forEach(listed::put);
      writeText(new Path(staging, MARKER), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(marker));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + area + "/" + name + ": "
          + e.getMessage(), e);
    }
  }

  /** Removes a table (a stale one that the current run does not produce). */
  public void delete(String area, String table) {
    try {
      fs.delete(new Path(path(area, table)), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path(area, table) + ": "
          + e.getMessage(), e);
    }
  }

  /** Writes a small text file atomically (temporary file, then rename). */
  public void writeText(String relativePath, String text) {
    try {
      writeText(new Path(root + "/" + relativePath), text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + root + "/" + relativePath + ": "
          + e.getMessage(), e);
    }
  }

  /** The text of a small file written by {@link #writeText(String, String)}, if it exists. */
  public java.util.Optional<String> readText(String relativePath) {
    return textExists(relativePath)
        ? java.util.Optional.of(readText(relativePath, "written by visitrank"))
        : java.util.Optional.empty();
  }

  private void writeText(Path file, String text) throws IOException {
    textFs.mkdirs(file.getParent());
    Path temporary = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = textFs.create(temporary, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    FaultPoint.reached(FaultPoint.TEXT);
    // A local rename replaces the file in one step (rename(2)); file systems whose rename
    // refuses an existing target get delete-then-rename.
    if (!textFs.rename(temporary, file)) {
      textFs.delete(file, false);
      if (!textFs.rename(temporary, file)) {
        throw new IOException("cannot move " + temporary + " to " + file);
      }
    }
  }

  /** Whether a file exists at {@code relativePath} under the root. */
  public boolean textExists(String relativePath) {
    try {
      return textFs.exists(new Path(root + "/" + relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a small text file written by {@link #writeText}; a missing file is an input error. */
  public String readText(String relativePath, String producedBy) {
    Path file = new Path(root + "/" + relativePath);
    try {
      if (!textFs.exists(file)) {
        throw new InputError("Missing " + relativePath + " at " + file + " (" + producedBy + ")");
      }
      try (InputStream in = textFs.open(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new InputError("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Copies one file from another root (any Hadoop file system) to {@code relativePath}. */
  public void copyTextFrom(String sourceFile, String relativePath) {
    try {
      Path source = new Path(sourceFile);
      FileSystem sourceFs = source.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String text;
      try (InputStream in = sourceFs.open(source)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      writeText(relativePath, text);
    } catch (IOException e) {
      throw new InputError("Cannot copy " + sourceFile + ": " + e.getMessage(), e);
    }
  }

  /** Whether a file exists (at any Hadoop URI or local path). */
  public boolean fileExists(String file) {
    try {
      Path path = new Path(file);
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies every table directory under {@code sourceArea} of another root into this one. */
  public List<String> copyTablesFrom(String sourceRoot, String area) {
    List<String> copied = new ArrayList<>();
    try {
      Path source = new Path(sourceRoot + "/" + area);
      FileSystem sourceFs = source.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!sourceFs.exists(source)) {
        throw new InputError("No " + area + " tables under " + sourceRoot + " (expected "
            + source + "/<table>/ Parquet directories)");
      }
      for (FileStatus status : sourceFs.listStatus(source)) {
        String name = status.getPath().getName();
        if (!status.isDirectory() || name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        // Copied into staging and swapped in, so a copy cut short is never taken for a table.
        Path staging = staging(area, name, COPY_RUN);
        fs.delete(staging, true);
        fs.mkdirs(staging.getParent());
        restrict(staging.getParent(), false);
        org.apache.hadoop.fs.FileUtil.copy(sourceFs, status.getPath(), fs, staging, false,
            spark.sparkContext().hadoopConfiguration());
        commit(area, name, COPY_RUN);
        copied.add(area + "/" + name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copied;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
