package com.visitrank.cli;

import com.visitrank.config.ConfigError;
import com.visitrank.io.InputError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed run tells its user: the exit code and one line naming what, where and the fix.
 * Spark reports a corrupt file or a full disk from deep inside a task; the cause chain is read
 * for them so that the user sees the file and the remedy, not a stack trace.
 *
 * @param code the process exit code ({@link Main#FAILED}, {@link Main#USAGE} or
 *     {@link Main#BAD_INPUT})
 * @param message one line
 */
record Failure(int code, String message) {

  private static final Pattern PARQUET_FILE =
      Pattern.compile("((?:file:|hdfs:|s3a?:|gs:|abfss?:)?/[^\\s,'\"]+?\\.parquet)");

  static Failure of(Throwable e) {
    if (e instanceof ConfigError) {
      return new Failure(Main.USAGE, Main.oneLine(e));
    }
    if (e instanceof InputError) {
      return new Failure(Main.BAD_INPUT, Main.oneLine(e));
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String text = cause.getMessage() == null ? "" : cause.getMessage();
      if (text.contains("No space left on device") || text.contains("Disk quota exceeded")) {
        return new Failure(Main.FAILED, "The disk is full (" + lineWith(text, "No space left",
            "Disk quota") + "): free"
            + " space or point visitrank.warehouse at a bigger disk, then run again (tables"
            + " not yet published are unchanged)");
      }
      if (text.contains("Read-only file system") || text.contains("Permission denied")
          || cause instanceof java.nio.file.AccessDeniedException) {
        return new Failure(Main.USAGE, "Cannot write (" + lineWith(text, "Read-only",
            "Permission denied") + "): point"
            + " visitrank.warehouse at a writable directory");
      }
      if (isCorruptParquet(cause, text)) {
        Matcher file = PARQUET_FILE.matcher(text);
        String where = file.find() ? file.group(1) : "of an input table";
        return new Failure(Main.BAD_INPUT, "Corrupt or unreadable Parquet file " + where
            + " (" + firstLine(cause.getClass().getSimpleName() + ": " + text) + "): restore"
            + " it, or rerun the job that writes its table");
      }
    }
    return new Failure(Main.FAILED, Main.oneLine(e));
  }

  private static boolean isCorruptParquet(Throwable cause, String text) {
    return cause.getClass().getName().startsWith("org.apache.parquet.")
        || cause instanceof org.apache.hadoop.fs.ChecksumException
        || text.contains("Checksum error: ")
        || text.contains("is not a Parquet file") || text.contains("CANNOT_READ_FILE_FOOTER")
        || text.contains("Could not read footer") || text.contains("FAILED_READ_FILE");
  }

  /** The first line of {@code text} holding one of the phrases (Spark nests task traces). */
  private static String lineWith(String text, String... phrases) {
    for (String line : text.split("\n")) {
      for (String phrase : phrases) {
        if (line.contains(phrase)) {
          return firstLine(line.strip());
        }
      }
    }
    return firstLine(text);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
