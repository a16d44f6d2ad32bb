package com.visitrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.visitrank.testing.Cli;
import com.visitrank.testing.Cli.Run;
import com.visitrank.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad environments end with one clear line on stderr, a non-zero exit code and no partial
 * output: a warehouse that cannot be written, a full disk, a missing input, a corrupt Parquet
 * file.
 */
@ExtendWith(SparkSessionExtension.class)
class BadEnvironmentTest {

  @TempDir
  Path dir;

  private static String[] generate(Path warehouse) {
    return new String[] {"generate", "--set", "visitrank.warehouse=" + warehouse,
        "--set", "generate.loans=300", "--set", "generate.months=8",
        "--set", "generate.back-book-months=6"};
  }

  private static String[] job(String job, Path warehouse) {
    return new String[] {job, "--set", "visitrank.warehouse=" + warehouse,
        "--set", "visitrank.as-of=2024-08-31"};
  }

  private static void oneLine(Run run, int code, String... phrases) {
    assertEquals(code, run.code(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    for (String phrase : phrases) {
      assertTrue(run.err().contains(phrase), run.err());
    }
  }

  /** Runs a command as root would type it; false when it fails (e.g. no mount permission). */
  private static boolean command(String... args) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor() == 0;
  }

  @Test
  void aWarehouseUnderAFileIsABadConfigurationNamedBeforeAnyWork(SparkSession spark)
      throws IOException {
    Path file = dir.resolve("plain-file");
    Files.writeString(file, "x");
    Run run = Cli.run(generate(file.resolve("warehouse")));
    oneLine(run, Main.USAGE, "visitrank.warehouse", file.resolve("warehouse").toString());
    assertFalse(run.out().contains("[generate]  1."), "nothing ran: " + run.out());
  }

  @Test
  void aReadOnlyOrFullDiskFailsWithOneLineAndPublishesNothing(SparkSession spark)
      throws Exception {
    Path warehouse = dir.resolve("wh");
    assertEquals(0, Cli.run(generate(warehouse)).code());
    Path readOnly = dir.resolve("read-only");
    Path clean = warehouse.resolve("clean");
    Files.createDirectories(readOnly);
    Files.createDirectories(clean);
    boolean mounted = command("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs",
        readOnly.toString());
    assumeTrue(mounted, "mounting a tmpfs is not permitted here (needs root and"
        + " CAP_SYS_ADMIN): read-only and full-disk cases not run");
    try {
      oneLine(Cli.run(generate(readOnly)), Main.USAGE, "visitrank.warehouse",
          "Read-only file system");
    } finally {
      command("umount", "-l", readOnly.toString());
    }
    // clean/ on a 64 KiB disk: ingest's staging does not fit.
    assertTrue(command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", clean.toString()));
    try {
      Run full = Cli.run(job("ingest", warehouse));
      oneLine(full, Main.FAILED, "The disk is full", "No space left on device");
      try (Stream<Path> left = Files.list(clean)) {
        assertEquals(List.of(), left.filter(p -> !p.getFileName().toString()
            .startsWith(".")).toList(), "no clean table published");
      }
      assertFalse(Files.exists(warehouse.resolve("quarantine/rows")));
      assertTrue(Files.readString(Files.list(warehouse.resolve("runs"))
          .filter(p -> p.getFileName().toString().startsWith("ingest")).findFirst()
          .orElseThrow()).contains("\"status\" : \"failed\""));
    } finally {
      command("umount", "-l", clean.toString());
    }
  }

  @Test
  void aMissingInputAndACorruptParquetFileAreInputErrorsNamingThem(SparkSession spark)
      throws IOException {
    Path warehouse = dir.resolve("wh");
    oneLine(Cli.run(job("features", warehouse)), Main.BAD_INPUT, "clean/loans",
        "visitrank ingest");
    assertEquals(0, Cli.run(generate(warehouse)).code());
    assertEquals(0, Cli.run(job("ingest", warehouse)).code());
    Path payments;
    try (Stream<Path> files = Files.list(warehouse.resolve("clean/payments"))) {
      payments = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    // Same size, other bytes: the marker's size check passes, Parquet cannot read it.
    byte[] garbage = new byte[(int) Files.size(payments)];
    java.util.Arrays.fill(garbage, (byte) 'x');
    Files.write(payments, garbage);

    Run run = Cli.run(job("features", warehouse));

    oneLine(run, Main.BAD_INPUT, "Corrupt or unreadable Parquet file",
        payments.getFileName().toString(), "rerun the job");
    assertFalse(Files.exists(warehouse.resolve("features/loans")), "no partial output");
  }
}
