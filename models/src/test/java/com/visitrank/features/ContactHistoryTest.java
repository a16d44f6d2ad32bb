package com.visitrank.features;

import static com.visitrank.testing.RawRows.contact;
import static com.visitrank.testing.RawRows.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.schema.RawTables;
import com.visitrank.testing.SparkSessionExtension;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class ContactHistoryTest {

  private static final Date T1 = Date.valueOf("2025-06-30");
  private static final Date T2 = Date.valueOf("2025-09-30");

  /**
   * L1 at two dates, with contacts on the edges of the 30- and 90-day windows (a day exactly T
   * minus 30 or 90 days is outside), a kept and a broken promise (payments before a promise's day
   * or after its promised date do not count) and a promise not yet due; L2 without contacts; L3
   * whose only successful contact is older than 90 days, and a contact after its T.
   */
  @Test
  void countsWindowsPromisesAndTheLatestSuccessfulContact(SparkSession spark) {
    Dataset<Row> contacts = spark.createDataFrame(List.of(
        contact("c1", "L1", "2025-03-01 10:00:00", "call", "reached", null, null),
        contact("c2", "L1", "2025-04-01 10:00:00", "call", "no_answer", null, null),
        contact("c3", "L1", "2025-04-02 10:00:00", "call", "invalid_number", null, null),
        contact("c4", "L1", "2025-05-31 10:00:00", "sms", "delivered", null, null),
        contact("c5", "L1", "2025-06-10 10:00:00", "call", "promise_to_pay", "90.00",
            "2025-06-20"),
        contact("c6", "L1", "2025-06-25 10:00:00", "call", "promise_to_pay", "200.00",
            "2025-07-05"),
        contact("c7", "L1", "2025-06-30 23:00:00", "call", "refused", null, null),
        contact("c8", "L1", "2025-07-01 10:00:00", "call", "reached", null, null),
        contact("c9", "L1", "2025-09-01 10:00:00", "call", "promise_to_pay", "500.00",
            "2025-09-10"),
        contact("c10", "L3", "2024-12-15 10:00:00", "call", "reached", null, null),
        contact("c11", "L3", "2025-07-15 10:00:00", "call", "promise_to_pay", "10.00",
            "2025-07-20")), RawTables.CONTACTS_SCHEMA);
    Dataset<Row> payments = spark.createDataFrame(List.of(
        payment("p1", "L1", "2025-03-15", "1000.00"),
        payment("p2", "L1", "2025-06-05", "60.00"),
        payment("p3", "L1", "2025-06-15", "40.00"),
        payment("p4", "L1", "2025-06-20", "50.00"),
        payment("p5", "L1", "2025-08-20", "450.00"),
        payment("p6", "L1", "2025-09-05", "100.00"),
        payment("p7", "L1", "2025-09-20", "400.00")), RawTables.PAYMENTS_SCHEMA);
    StructType keySchema = new StructType().add("loan_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType);
    Dataset<Row> keys = spark.createDataFrame(List.of(RowFactory.create("L1", T1),
        RowFactory.create("L1", T2), RowFactory.create("L2", T2),
        RowFactory.create("L3", T1)), keySchema);
    Dataset<Row> dates = spark.createDataFrame(List.of(RowFactory.create(T1),
        RowFactory.create(T2)), PointInTime.datesSchema());

    Dataset<Row> got = ContactHistory.of(keys, dates, contacts, payments)
        .orderBy("loan_id", "as_of_date");

    assertEquals(List.of("loan_id", "as_of_date", "contact_attempts_30d",
        "contact_attempts_90d", "reach_rate_30d", "reach_rate_90d", "invalid_number_90d",
        "refusals_90d", "promises_made_90d", "promises_kept_90d", "promises_broken_90d",
        "days_since_contact"), List.of(got.columns()));
    assertEquals(List.of(
        RowFactory.create("L1", T1, 3, 5, 1.0, 0.75, 1, 1, 2, 1, 0, 5),
        RowFactory.create("L1", T2, 1, 1, 1.0, 1.0, 0, 0, 1, 0, 1, 29),
        RowFactory.create("L2", T2, 0, 0, null, null, 0, 0, 0, 0, 0, null),
        RowFactory.create("L3", T1, 0, 0, null, null, 0, 0, 0, 0, 0, 197)),
        got.collectAsList());
  }
}
