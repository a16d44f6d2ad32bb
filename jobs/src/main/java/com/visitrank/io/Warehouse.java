package com.visitrank.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse: every table is a Parquet directory at {@code <root>/<area>/<table>}. All reads
 * and writes go through here. A table is published atomically: written complete into a staging
 * directory, its marker file written last, then swapped in by renames, so a reader finds the
 * previous complete table or the new complete one.
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

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /**
   * Reads a table and checks that it has every column of {@code expected} (extra columns are
   * kept). Fails with a message naming the table, its path and the missing columns.
   */
  public Dataset<Row> read(String area, String table, StructType expected) {
    String location = path(area, table);
    if (!exists(area, table)) {
      throw new InputError("Missing input table " + area + "/" + table + ": nothing complete at "
          + location + " (run the job that writes it first)");
    }
    Dataset<Row> df;
    try {
      df = spark.read().parquet(location);
    } catch (RuntimeException e) {
      throw new InputError("Cannot read table " + area + "/" + table + " at " + location + ": "
          + firstLine(e.getMessage()), e);
    }
    List<String> missing = new ArrayList<>();
    for (StructField field : expected.fields()) {
      if (!List.of(df.columns()).contains(field.name())) {
        missing.add(field.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new InputError("Table " + area + "/" + table + " at " + location
          + " lacks required column(s) " + String.join(", ", missing));
    }
    return df;
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
    return new Path(path(area), ".staging/" + table + "-" + runId);
  }

  /**
   * Writes {@code data} complete into the table's staging directory, marker last, without
   * touching the published table; {@link #commit} or {@link #discard} it afterwards.
   */
  public long stage(Dataset<Row> data, String area, String table, String runId,
      String... partitionColumns) {
    Path staging = staging(area, table, runId);
    try {
      fs.delete(staging, true);
      data.write().mode(SaveMode.Overwrite).partitionBy(partitionColumns)
          .parquet(staging.toString());
      long rows = spark.read().parquet(staging.toString()).count();
      writeMarker(staging, table, runId, rows, data.schema());
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage " + area + "/" + table + ": "
          + e.getMessage(), e);
    }
  }

  /** Reads what {@link #stage} wrote. */
  public Dataset<Row> readStaged(String area, String table, String runId) {
    return spark.read().parquet(staging(area, table, runId).toString());
  }

  /** Swaps a staged table in place of the published one. */
  public void commit(String area, String table, String runId) {
    swap(staging(area, table, runId), new Path(path(area, table)), area + "/" + table, runId);
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
      fs.delete(new Path(target, MARKER), false);
      fs.delete(new Path(target, "_SUCCESS"), false);
      StructType schema = spark.read().parquet(path(area, table)).schema();
      long rows = spark.read().parquet(path(area, table)).count();
      writeMarker(new Path(path(area, table)), table, runId, rows, schema);
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
      writeMarker(target, table, runId, published.count(), published.schema());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + area + "/" + table + ": "
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

  private void swap(Path staging, Path target, String name, String runId) {
    Path trash = new Path(target.getParent(), ".trash-" + target.getName() + "-" + runId);
    try {
      fs.delete(trash, true);
      if (fs.exists(target) && !fs.rename(target, trash)) {
        throw new IOException("cannot move the previous version of " + target + " aside");
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot move " + staging + " to " + target);
      }
      fs.delete(trash, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + name + ": " + e.getMessage(), e);
    }
  }

  private void writeMarker(Path dir, String table, String runId, long rows, StructType schema)
      throws IOException {
    ObjectNode marker = JSON.createObjectNode();
    marker.put("table", table);
    marker.put("run_id", runId);
    marker.put("rows", rows);
    marker.put("written_at", Instant.now().toString());
    marker.set("schema", JSON.readTree(schema.json()));
    writeText(new Path(dir, MARKER), JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(marker));
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
    Path file = new Path(root + "/" + relativePath);
    try {
      if (!textFs.exists(file)) {
        return java.util.Optional.empty();
      }
      try (java.io.InputStream in = textFs.open(file)) {
        return java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private void writeText(Path file, String text) throws IOException {
    textFs.mkdirs(file.getParent());
    Path temporary = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = textFs.create(temporary, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    textFs.delete(file, false);
    if (!textFs.rename(temporary, file)) {
      throw new IOException("cannot move " + temporary + " to " + file);
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
        Path target = new Path(path(area, name));
        fs.delete(target, true);
        fs.mkdirs(target.getParent());
        org.apache.hadoop.fs.FileUtil.copy(sourceFs, status.getPath(), fs, target, false,
            spark.sparkContext().hadoopConfiguration());
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
