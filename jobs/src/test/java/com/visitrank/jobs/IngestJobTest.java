package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.visitrank.ingest.Contracts;
import com.visitrank.ingest.TableContract;
import com.visitrank.testing.Cli;
import com.visitrank.testing.Cli.Run;
import com.visitrank.testing.SparkSessionExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class IngestJobTest {

  private static final Path SAMPLES =
      Path.of(System.getProperty("visitrank.project.dir", "..")).resolve("data-samples/raw");

  @TempDir
  Path dir;

  private static Run ingest(Path warehouse, String... extra) {
    List<String> args = new ArrayList<>(List.of("ingest", "--set",
        "visitrank.warehouse=" + warehouse, "--set", "visitrank.as-of=2025-12-31"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** A tiny bank in CSV with one problem per rejected row, and the quirks ingest must read. */
  private Path csvBank() throws IOException {
    Path wh = dir.resolve("csv");
    write(wh.resolve("raw/customers/customers.csv"), "\uFEFFcustomer_id,region,district,"
        + "occupation,employer_type,monthly_income,birth_year,customer_since,home_latitude,"
        + "home_longitude,shoe_size\r\n"
        + "C1,North,\"North, Old Town\",salaried,private,5e+03,1980,2020-01-01,31.2,118.6,42\r\n"
        + "\r\n"
        + "C2,North,Old Town,salaried,private,abc,1980,2020-01-01,31.2,118.6,42\r\n"
        + "C3,North,Old Town,salaried,private,5000,1980\r\n"
        + "C4,North,\"North\r\nOld Town\",salaried,private,5000,1980,2024-02-31,31.2,118.6,4\r\n"
        + "C5,North,Old Town,salaried,private,5000,1980,2020-01-01,31.2,118.6,42,43\r\n");
    write(wh.resolve("raw/loans/loans.csv"), "loan_id,customer_id,product,principal,"
        + "annual_rate,term_months,origination_date,branch_id,region,closed_date,"
        + "written_off_date,litigation_date\n"
        + "L1,C1,consumer,1200,0,12,2024-01-10,B1,North,,,\n"
        + "L2,C2,consumer,1200,0,12,2024-01-10,B1,North,,,\n");
    write(wh.resolve("raw/schedule/schedule.csv"), "loan_id,installment_no,due_date,"
        + "principal_due,interest_due\n"
        + "L1,1,2024-02-10,100,0\nL1,2,2024-03-10,100,0\nL2,1,2024-02-10,100,0\n");
    write(wh.resolve("raw/payments/payments.csv"), "payment_id,loan_id,payment_date,amount,"
        + "channel\n"
        + "P1,L1,2024-02-10,100.00,mobile_app\n"
        + "P1,L1,2024-02-10,100.00,mobile_app\n"
        + "P2,L1,2024-01-01,100.00,mobile_app\n");
    return wh;
  }

  private static Set<String> quarantine(SparkSession spark, Path wh) {
    Set<String> rows = new TreeSet<>();
    for (Row row : spark.read().parquet(wh.resolve("quarantine/rows").toString())
        .collectAsList()) {
      rows.add(row.getAs("source_table") + ":" + row.getAs("row_number") + ":"
          + row.getAs("reason_code"));
    }
    return rows;
  }

  @Test
  void csvQuirksAreReadAndEveryBadRowIsQuarantinedWithItsLine(SparkSession spark)
      throws IOException {
    Path wh = csvBank();
    Run run = ingest(wh, "--set", "ingest.max-reject-ratio=1");
    assertEquals(0, run.code(), run.err());
    assertEquals(Set.of("customers:4:BAD_NUMBER", "customers:5:FIELD_COUNT",
        "customers:7:BAD_DATE", "customers:8:FIELD_COUNT", "loans:3:UNKNOWN_CUSTOMER", "schedule:4:UNKNOWN_LOAN",
        "payments:4:PAYMENT_BEFORE_ORIGINATION"), quarantine(spark, wh));
    Row customer = spark.read().parquet(wh.resolve("clean/customers").toString()).first();
    assertEquals("North, Old Town", customer.getAs("district"));
    assertEquals(new BigDecimal("5000.00"), customer.getAs("monthly_income"));
    assertFalse(List.of(customer.schema().fieldNames()).contains("shoe_size"));
    assertEquals(1, spark.read().parquet(wh.resolve("clean/payments").toString()).count());
    Row record = spark.read().parquet(wh.resolve("quarantine/rows").toString())
        .filter(col("reason_code").equalTo("BAD_NUMBER")).first();
    assertEquals("C2,North,Old Town,salaried,private,abc,1980,2020-01-01,31.2,118.6,42",
        record.getAs("raw_record"));
    assertTrue(((String) record.getAs("source_file")).endsWith("customers.csv"));
    assertTrue(run.out().contains("payments"), run.out());
  }

  @Test
  void extraColumnsCanBeKept(SparkSession spark) throws IOException {
    Path wh = csvBank();
    assertEquals(0, ingest(wh, "--set", "ingest.max-reject-ratio=1",
        "--set", "ingest.extra-columns=keep").code());
    Row customer = spark.read().parquet(wh.resolve("clean/customers").toString()).first();
    assertEquals("42", customer.getAs("shoe_size"));
  }

  @Test
  void overTheRejectLimitNothingIsPublished(SparkSession spark) throws IOException {
    Path wh = csvBank();
    Run run = ingest(wh);
    assertEquals(3, run.code(), run.out() + run.err());
    assertTrue(run.err().contains("customers 80.0% > 5.0%"), run.err());
    assertFalse(Files.exists(wh.resolve("clean/customers")));
    assertFalse(Files.exists(wh.resolve("quarantine/rows")));
    assertTrue(run.out().contains("OVER LIMIT"), run.out());
  }

  @Test
  void missingTablesAndColumnsFailFastNamingThem(SparkSession spark) throws IOException {
    Path wh = csvBank();
    Files.delete(wh.resolve("raw/schedule/schedule.csv"));
    Run missing = ingest(wh, "--set", "ingest.max-reject-ratio=1");
    assertEquals(3, missing.code());
    assertTrue(missing.err().contains("raw/schedule"), missing.err());
    write(wh.resolve("raw/schedule/schedule.csv"),
        "loan_id,installment_no,due_date,interest_due\nL1,1,2024-02-10,0\n");
    Run column = ingest(wh, "--set", "ingest.max-reject-ratio=1");
    assertEquals(3, column.code());
    assertTrue(column.err().contains("schedule.csv") && column.err().contains("principal_due"),
        column.err());
    Run badConfig = ingest(wh, "--set", "ingest.tables.loans.format=xml");
    assertEquals(2, badConfig.code());
    assertTrue(badConfig.err().contains("ingest.tables.loans.format"), badConfig.err());
  }

  @Test
  void aCorruptFileIsAnInputErrorNamingTableAndFile(SparkSession spark) throws IOException {
    Path wh = csvBank();
    Files.delete(wh.resolve("raw/payments/payments.csv"));
    write(wh.resolve("raw/payments/part-0.parquet"), "garbage");
    Run run = ingest(wh, "--set", "ingest.max-reject-ratio=1");
    assertEquals(3, run.code(), run.err());
    assertTrue(run.err().contains("raw/payments") && run.err().contains("part-0.parquet"),
        run.err());
  }

  @Test
  void aRerunForTheSameDateReplacesItsOutputs(SparkSession spark) throws IOException {
    Path wh = csvBank();
    assertEquals(0, ingest(wh, "--set", "ingest.max-reject-ratio=1").code());
    assertEquals(0, ingest(wh, "--set", "ingest.max-reject-ratio=1").code());
    assertEquals(7, spark.read().parquet(wh.resolve("quarantine/rows").toString()).count());
    assertEquals(1, spark.read().parquet(wh.resolve("clean/customers").toString()).count());
    try (Stream<Path> files = Files.walk(wh)) {
      assertTrue(files.noneMatch(p -> p.toString().contains(".staging/")
          || p.getFileName().toString().startsWith(".trash")));
    }
  }

  /**
   * Garbles about 4% of every sample table in varied ways (missing keys, bad types, exact
   * duplicates, conflicting ids, unknown parents) and checks, from the published tables alone,
   * that every row read is clean, quarantined or counted as a duplicate.
   */
  @Test
  void garbledSamplesStillAddUp(SparkSession spark) throws IOException {
    Path wh = dir.resolve("garbled");
    List<String> tables = new ArrayList<>();
    for (TableContract contract : Contracts.ALL) {
      String table = contract.table();
      Dataset<Row> original = spark.read().parquet(SAMPLES.resolve(table).toString());
      List<Column> asText = new ArrayList<>();
      for (String column : original.columns()) {
        asText.add(col(column).cast("string").as(column));
      }
      Dataset<Row> text = original.select(asText.toArray(Column[]::new));
      String key = contract.key().get(0);
      // A schedule is only usable whole, so schedules are garbled loan by loan.
      List<String> bucketBy = table.equals("schedule") ? List.of("loan_id") : contract.key();
      Column bucket = pmod(hash(bucketBy.stream()
          .map(org.apache.spark.sql.functions::col).toArray(Column[]::new)), lit(100));
      String typedColumn = contract.columns().stream()
          .filter(c -> c.type() != com.visitrank.ingest.ColumnType.STRING)
          .map(com.visitrank.ingest.ColumnRule::name).findFirst().orElse(key);
      String reference = contract.references().isEmpty() ? null
          : contract.references().get(0).column();
      Dataset<Row> garbled = text
          .withColumn(key, when(bucket.equalTo(0), lit(null)).otherwise(col(key)))
          .withColumn(typedColumn, when(bucket.equalTo(1), lit("abc"))
              .otherwise(col(typedColumn)));
      if (reference != null) {
        garbled = garbled.withColumn(reference, when(bucket.equalTo(2), lit("NOPE"))
            .otherwise(col(reference)));
      }
      Dataset<Row> duplicates = text.filter(bucket.equalTo(3));
      String other = contract.columns().get(contract.columns().size() - 1).name();
      Dataset<Row> conflicts = text.filter(bucket.equalTo(4))
          .withColumn(other, concat(lit("x"), col(other)));
      garbled.unionByName(duplicates).unionByName(conflicts).write()
          .parquet(wh.resolve("raw").resolve(table).toString());
      tables.add(table);
    }
    Run run = ingest(wh, "--set", "ingest.max-reject-ratio=0.5");
    assertEquals(0, run.code(), run.out() + run.err());
    Path manifest;
    try (Stream<Path> runs = Files.list(wh.resolve("runs"))) {
      manifest = runs.findFirst().orElseThrow();
    }
    JsonNode metrics = new ObjectMapper().readTree(manifest.toFile()).get("metrics");
    Dataset<Row> quarantine = spark.read().parquet(wh.resolve("quarantine/rows").toString());
    for (String table : tables) {
      long in = spark.read().parquet(wh.resolve("raw").resolve(table).toString()).count();
      long clean = spark.read().parquet(wh.resolve("clean").resolve(table).toString()).count();
      long rejected = quarantine.filter(col("source_table").equalTo(table)).count();
      long duplicates = metrics.get("ingest." + table + ".duplicates").asLong();
      assertEquals(in, clean + rejected + duplicates, table);
      if (in > 200) {
        assertTrue(rejected > 0 && duplicates > 0, table + ": " + rejected + ", " + duplicates);
      }
    }
    Set<String> reasons = new TreeSet<>();
    for (Row row : quarantine.select("reason_code").distinct().collectAsList()) {
      reasons.add(row.getString(0));
    }
    assertTrue(reasons.containsAll(Set.of("MISSING_REQUIRED", "ID_CONFLICT", "UNKNOWN_LOAN",
        "UNKNOWN_CUSTOMER")), reasons.toString());
    // Within each file (bucket) the clean schedule goes by loan, then instalment, as declared.
    Dataset<Row> schedule = spark.read().parquet(wh.resolve("clean/schedule").toString())
        .select(input_file_name().as("file"), monotonically_increasing_id().as("position"),
            struct(col("loan_id"), col("installment_no")).as("order"));
    assertEquals(0, schedule.withColumn("previous", lag("order", 1)
            .over(Window.partitionBy("file").orderBy("position")))
        .filter(col("order").lt(col("previous"))).count());
  }
}
