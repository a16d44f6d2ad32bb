package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.testing.Cli;
import com.visitrank.testing.SparkSessionExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The UCI credit-card file, as published, through ingest. */
@ExtendWith(SparkSessionExtension.class)
class UciIngestTest {

  private static final Path FILE = Path.of(System.getProperty("visitrank.project.dir", ".."))
      .resolve("data-samples/uci-credit-card/UCI_Credit_Card.csv");

  @TempDir
  Path dir;

  @Test
  void everyClientIsAccountedForAndTheValuesSurvive(SparkSession spark) {
    Cli.Run run = Cli.run("ingest", "--set", "visitrank.warehouse=" + dir,
        "--set", "visitrank.as-of=2005-09-30", "--set", "ingest.source=uci-credit-card",
        "--set", "ingest.path=" + FILE);
    assertEquals(0, run.code(), run.err());
    Dataset<Row> customers = spark.read().parquet(dir.resolve("clean/customers").toString());
    long quarantined = spark.read().parquet(dir.resolve("quarantine/rows").toString())
        .filter(col("source_table").equalTo("customers")).count();
    assertEquals(30_000, customers.count() + quarantined);
    assertEquals(30_000, customers.count());
    assertTrue(List.of(customers.columns()).containsAll(List.of("sex", "education",
        "marriage")));

    Dataset<Row> loans = spark.read().parquet(dir.resolve("clean/loans").toString());
    Row first = loans.filter(col("loan_id").equalTo("UCI-L1")).first();
    assertEquals(new BigDecimal("20000.00"), first.getAs("principal"));
    assertEquals("credit_card", first.getAs("product"));
    // Client 7 has LIMIT_BAL written 5e+05 in the file.
    assertEquals(new BigDecimal("500000.00"), loans.filter(col("loan_id").equalTo("UCI-L7"))
        .first().getAs("principal"));

    Dataset<Row> statements = spark.read().parquet(dir.resolve("clean/statements").toString());
    assertEquals(180_000, statements.count());
    Row september = statements.filter(col("loan_id").equalTo("UCI-L1")
        .and(col("statement_date").equalTo(Date.valueOf("2005-09-30")))).first();
    assertEquals(2, (int) september.getAs("repayment_status"));
    assertEquals(new BigDecimal("3913.00"), september.getAs("bill_amount"));

    Dataset<Row> outcomes = spark.read().parquet(dir.resolve("clean/outcomes").toString());
    assertEquals(30_000, outcomes.count());
    assertEquals(6_636, outcomes.filter(col("default_next_month")).count());
  }
}
