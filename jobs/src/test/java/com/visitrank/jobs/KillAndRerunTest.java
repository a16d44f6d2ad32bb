package com.visitrank.jobs;

import static com.visitrank.testing.PublishedTables.assertSameTables;
import static com.visitrank.testing.PublishedTables.leftovers;
import static com.visitrank.testing.PublishedTables.same;
import static com.visitrank.testing.PublishedTables.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.io.FaultPoint;
import com.visitrank.io.Warehouse;
import com.visitrank.testing.ChildJvm;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import com.visitrank.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs killed while they write (a child JVM halted at an exact point of its publication, as
 * SIGKILL would stop it) leave every published table complete and readable; the next run
 * completes the killed run's publication, and a rerun gives the same tables as a run that was
 * never interrupted.
 */
@ExtendWith(SparkSessionExtension.class)
class KillAndRerunTest {

  @TempDir
  Path dir;

  private static String[] generate(Path warehouse, int seed) {
    return new String[] {"generate", "--set", "visitrank.warehouse=" + warehouse,
        "--set", "generate.loans=300", "--set", "generate.months=8",
        "--set", "generate.back-book-months=6", "--set", "generate.past-visit-cycles=1",
        "--set", "generate.seed=" + seed};
  }

  private static String[] ingest(Path warehouse, String asOf, String... extra) {
    return Stream.concat(Stream.of("ingest", "--set", "visitrank.warehouse=" + warehouse,
        "--set", "visitrank.as-of=" + asOf), Stream.of(extra)).toArray(String[]::new);
  }

  private static void ok(Cli.Run run) {
    assertEquals(0, run.code(), run.err());
  }

  @Test
  void generateKilledHalfWayThroughItsSwapsIsCompletedByTheNextRun(SparkSession spark)
      throws Exception {
    Path killed = dir.resolve("killed");
    Path previous = dir.resolve("previous");
    Path reference = dir.resolve("reference");
    ok(Cli.run(generate(killed, 1)));
    TestFiles.copyTree(killed, previous);
    ok(Cli.run(generate(reference, 2)));

    ChildJvm.Run child = ChildJvm.run(dir.resolve("logs"), FaultPoint.MOVED_ASIDE + ":3",
        generate(killed, 2));

    assertEquals(FaultPoint.EXIT_CODE, child.code(), child.output());
    // Killed between the two renames of its third swap: two tables are the new world's, one
    // is aside in the trash, and every other is the previous world's, complete and readable.
    List<String> aside = new ArrayList<>();
    for (String area : List.of(Warehouse.RAW, Warehouse.TRUTH)) {
      for (String table : tables(previous, area)) {
        Path published = killed.resolve(area).resolve(table);
        if (!Files.exists(published)) {
          aside.add(area + "/" + table);
        } else {
          assertTrue(same(spark, previous.resolve(area).resolve(table), published)
              || same(spark, reference.resolve(area).resolve(table), published), table);
        }
      }
    }
    assertEquals(1, aside.size(), aside.toString());

    List<String> repairs = new Warehouse(spark, killed.toString()).recover();

    assertFalse(repairs.isEmpty());
    assertSameTables(spark, reference, killed, Warehouse.RAW);
    assertSameTables(spark, reference, killed, Warehouse.TRUTH);
    assertEquals(List.of(), leftovers(killed));
  }

  @Test
  void ingestKilledBeforeOrWhilePublishingLeavesCompleteTablesAndTheRerunMatches(
      SparkSession spark) throws Exception {
    Path killed = dir.resolve("killed");
    Path previous = dir.resolve("previous");
    Path reference = dir.resolve("reference");
    ok(Cli.run(generate(killed, 3)));
    TestFiles.copyTree(killed, reference);
    ok(Cli.run(ingest(reference, "2024-08-31")));
    // The previous version: an ingest for an earlier date (later events quarantined).
    ok(Cli.run(ingest(killed, "2024-06-30", "--set", "ingest.max-reject-ratio=1")));
    TestFiles.copyTree(killed, previous);

    // Killed after staging three tables: nothing of the run is published.
    ChildJvm.Run staged = ChildJvm.run(dir.resolve("logs"), FaultPoint.STAGED + ":3",
        ingest(killed, "2024-08-31"));
    assertEquals(FaultPoint.EXIT_CODE, staged.code(), staged.output());
    assertSameTables(spark, previous, killed, Warehouse.CLEAN);
    assertSameTables(spark, previous, killed, Warehouse.QUARANTINE);

    // Killed in the middle of its publication: the rerun first completes it (and removes the
    // first killed run's staging), then runs again; the tables are an uninterrupted run's.
    ChildJvm.Run swapping = ChildJvm.run(dir.resolve("logs"), FaultPoint.MOVED_ASIDE + ":2",
        ingest(killed, "2024-08-31"));
    assertEquals(FaultPoint.EXIT_CODE, swapping.code(), swapping.output());
    assertTrue(swapping.output().contains("removed clean/.staging"), swapping.output());

    Cli.Run rerun = Cli.run(ingest(killed, "2024-08-31"));

    ok(rerun);
    assertTrue(rerun.out().contains("completed the publication of clean/"), rerun.out());
    assertSameTables(spark, reference, killed, Warehouse.CLEAN);
    String date = "quarantine/rows/as_of_date=2024-08-31";
    assertTrue(same(spark, reference.resolve(date), killed.resolve(date)), date);
    assertEquals(List.of(), leftovers(killed));
  }
}
