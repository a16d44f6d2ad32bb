package com.visitrank.world;

import com.visitrank.schema.RawTables;
import com.visitrank.schema.TruthTables;
import org.apache.spark.sql.types.StructType;

/** The tables the simulator emits: raw tables a bank would deliver, and the hidden truth. */
public enum WorldTable {
  CUSTOMERS(RawTables.CUSTOMERS, RawTables.CUSTOMERS_SCHEMA, false),
  CUSTOMER_CONTACTS(RawTables.CUSTOMER_CONTACTS, RawTables.CUSTOMER_CONTACTS_SCHEMA, false),
  LOANS(RawTables.LOANS, RawTables.LOANS_SCHEMA, false),
  SCHEDULE(RawTables.SCHEDULE, RawTables.SCHEDULE_SCHEMA, false),
  PAYMENTS(RawTables.PAYMENTS, RawTables.PAYMENTS_SCHEMA, false),
  CONTACTS(RawTables.CONTACTS, RawTables.CONTACTS_SCHEMA, false),
  VISIT_PLANS(RawTables.VISIT_PLANS, RawTables.VISIT_PLANS_SCHEMA, false),
  VISITS(RawTables.VISITS, RawTables.VISITS_SCHEMA, false),
  BORROWERS(TruthTables.BORROWERS, TruthTables.BORROWERS_SCHEMA, true),
  LOAN_OUTLOOK(TruthTables.LOAN_OUTLOOK, TruthTables.LOAN_OUTLOOK_SCHEMA, true);

  private final String tableName;
  private final StructType schema;
  private final boolean truth;

  WorldTable(String tableName, StructType schema, boolean truth) {
    this.tableName = tableName;
    this.schema = schema;
    this.truth = truth;
  }

  public String tableName() {
    return tableName;
  }

  public StructType schema() {
    return schema;
  }

  /** Whether the table belongs under {@code truth/} rather than {@code raw/}. */
  public boolean truth() {
    return truth;
  }
}
