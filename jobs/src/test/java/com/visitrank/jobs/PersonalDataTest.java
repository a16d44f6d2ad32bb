package com.visitrank.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.io.Warehouse;
import com.visitrank.schema.RawTables;
import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import com.visitrank.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data (names, phone numbers, id numbers, addresses) of {@code raw/customer_contacts}
 * appears only in the three restricted tables: never in what the jobs print, their manifests,
 * markers, reports, quarantine or any other table, also when contact rows are rejected. The
 * restricted tables are readable by their owner only.
 */
@ExtendWith(SparkSessionExtension.class)
class PersonalDataTest {

  private static final Path ROOT = Path.of(System.getProperty("visitrank.project.dir", ".."));
  private static final Set<String> ALLOWED = Set.of("raw/customer_contacts",
      "clean/customer_contacts", "targets/visit_contacts");

  @TempDir
  Path dir;

  /** Where rows are written before they are copied into the warehouse, outside it. */
  @TempDir
  Path scratch;

  @Test
  void personalDataStaysInTheRestrictedTables(SparkSession spark) throws IOException {
    TestFiles.copyTree(ROOT.resolve("data-samples/raw"), dir.resolve("raw"));
    addRejectedContacts(spark);
    List<String> printed = new ArrayList<>();

    Cli.Run features = Cli.run("pipeline", "--set", "visitrank.warehouse=" + dir,
        "--set", "pipeline.until=features");
    assertEquals(0, features.code(), features.err());
    printed.add(features.out());
    printed.add(features.err());
    printed.add(captured(() -> TargetJobTest.target(spark, dir, "target.uplift.trees=5")));
    Cli.Run evaluate = Cli.run("evaluate", "--set", "visitrank.warehouse=" + dir,
        "--set", "visitrank.as-of=2025-12-31");
    assertEquals(0, evaluate.code(), evaluate.err());
    printed.add(evaluate.out());
    printed.add(evaluate.err());
    Cli.Run failed = Cli.run("ingest", "--set", "visitrank.warehouse=" + dir,
        "--set", "visitrank.as-of=2025-12-31", "--set",
        "ingest.tables.customer_contacts.max-reject-ratio=0");
    assertEquals(3, failed.code(), failed.out());
    printed.add(failed.out());
    printed.add(failed.err());

    Set<String> personal = personalData(spark);
    assertTrue(personal.size() > 3000, "the scan looks for every value: " + personal.size());
    Dataset<Row> quarantined = spark.read().parquet(dir.resolve("quarantine/rows").toString())
        .filter(col("source_table").equalTo(RawTables.CUSTOMER_CONTACTS));
    assertTrue(quarantined.count() >= 3, "the rejected contact rows are quarantined");
    List<String> texts = new ArrayList<>(printed);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") || name.endsWith(".html") || name.endsWith(".conf")) {
          texts.add(file + "\n" + Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    }
    for (String text : texts) {
      for (String value : personal) {
        assertTrue(!text.contains(value), "personal data '" + value.charAt(0) + "...' in "
            + text.lines().findFirst().orElse(""));
      }
    }
    Dataset<Row> values = spark.createDataFrame(personal.stream().map(RowFactory::create)
        .toList(), new StructType().add("value",
        DataTypes.StringType));
    for (String table : tables()) {
      if (ALLOWED.contains(table)) {
        continue;
      }
      Dataset<Row> rows = spark.read().parquet(dir.resolve(table).toString());
      List<Column> strings = new ArrayList<>();
      for (StructField field : rows.schema().fields()) {
        if (field.dataType().equals(DataTypes.StringType)) {
          strings.add(col(field.name()));
        }
      }
      if (strings.isEmpty()) {
        continue;
      }
      long leaks = rows.select(explode(array(strings.toArray(Column[]::new))).as("value"))
          .join(values, "value").count();
      assertEquals(0, leaks, "personal data in " + table);
    }
    for (String table : List.of("clean/customer_contacts", "targets/visit_contacts")) {
      try (Stream<Path> paths = Files.walk(dir.resolve(table))) {
        for (Path path : paths.toList()) {
          assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------",
              PosixFilePermissions.toString(Files.getPosixFilePermissions(path)),
              path.toString());
        }
      }
    }
  }

  /**
   * Adds contact rows that ingest rejects: another customer's id with other details (an id
   * conflict, so both rows go), an unknown customer and a missing id.
   */
  private void addRejectedContacts(SparkSession spark) throws IOException {
    Row existing = spark.read().parquet(dir.resolve("raw/customer_contacts").toString())
        .orderBy("customer_id").first();
    Dataset<Row> bad = spark.createDataFrame(List.of(
        RowFactory.create(existing.getString(0), "Qian Duoduo", "13900000001",
            "110101199001011234", "1 Conflict Road"),
        RowFactory.create("C-UNKNOWN", "Sun Wukong", "13900000002", "110101199001015678",
            "2 Unknown Lane"),
        RowFactory.create(null, "Zhu Bajie", "13900000003", "11010119900101901X",
            "3 Missing Street")), new StructType()
        .add("customer_id", DataTypes.StringType).add("name", DataTypes.StringType)
        .add("phone", DataTypes.StringType).add("id_number", DataTypes.StringType)
        .add("address", DataTypes.StringType));
    Path written = scratch.resolve("rejected");
    bad.coalesce(1).write().parquet(written.toString());
    try (Stream<Path> files = Files.list(written)) {
      Path part = files.filter(p -> p.toString().endsWith(".parquet")).findFirst()
          .orElseThrow();
      Files.copy(part, dir.resolve("raw/customer_contacts/part-rejected.parquet"));
    }
    // The samples' marker lists their files; this one is added on purpose.
    Files.deleteIfExists(dir.resolve("raw/customer_contacts/" + Warehouse.MARKER));
  }

  /** Every name, phone number, id number and address of raw/customer_contacts. */
  private Set<String> personalData(SparkSession spark) {
    Set<String> values = new TreeSet<>();
    for (Row row : spark.read().parquet(dir.resolve("raw/customer_contacts").toString())
        .select("name", "phone", "id_number", "address").collectAsList()) {
      for (int i = 0; i < 4; i++) {
        if (!row.isNullAt(i) && row.getString(i).length() >= 5) {
          values.add(row.getString(i));
        }
      }
    }
    return values;
  }

  /** Every Parquet table of the warehouse, as area/table (reports hold HTML, read above). */
  private List<String> tables() throws IOException {
    List<String> tables = new ArrayList<>();
    try (Stream<Path> areas = Files.list(dir)) {
      for (Path area : areas.filter(Files::isDirectory)
          .filter(a -> !a.getFileName().toString().equals(Warehouse.REPORTS)).toList()) {
        try (Stream<Path> list = Files.list(area)) {
          for (Path table : list.filter(Files::isDirectory).toList()) {
            if (!table.getFileName().toString().startsWith(".")
                && Files.exists(table.resolve(Warehouse.MARKER))) {
              tables.add(dir.relativize(table).toString());
            }
          }
        }
      }
    }
    return tables;
  }

  private static String captured(Runnable work) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try {
      System.setOut(capture);
      System.setErr(capture);
      work.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
