package com.visitrank.ingest;

import static com.visitrank.ingest.ColumnRule.of;
import static com.visitrank.ingest.ColumnType.BOOLEAN;
import static com.visitrank.ingest.ColumnType.DATE;
import static com.visitrank.ingest.ColumnType.DOUBLE;
import static com.visitrank.ingest.ColumnType.INTEGER;
import static com.visitrank.ingest.ColumnType.MONEY;
import static com.visitrank.ingest.ColumnType.STRING;
import static com.visitrank.ingest.ColumnType.TIMESTAMP;

import com.visitrank.ingest.TableContract.Reference;
import com.visitrank.schema.RawTables;
import java.util.List;
import java.util.Map;

/** The checks of every native raw table (PRODUCT.md's input contract), in dependency order. */
public final class Contracts {

  public static final String UNKNOWN_LOAN = "UNKNOWN_LOAN";
  public static final String UNKNOWN_CUSTOMER = "UNKNOWN_CUSTOMER";
  public static final String UNKNOWN_TEAM = "UNKNOWN_TEAM";

  public static final List<String> PRODUCTS =
      List.of("consumer", "mortgage", "business", "agricultural", "credit_card");

  private static final Reference LOAN =
      new Reference("loan_id", RawTables.LOANS, UNKNOWN_LOAN);
  private static final Reference CUSTOMER =
      new Reference("customer_id", RawTables.CUSTOMERS, UNKNOWN_CUSTOMER);

  public static final TableContract TEAMS = new TableContract(RawTables.TEAMS, List.of(
      of("team_id", STRING).mandatory(),
      of("region", STRING).mandatory(),
      of("districts", STRING).mandatory(),
      of("visits_per_day", INTEGER).mandatory().between(1, 100),
      of("cost_per_visit", MONEY).mandatory().atLeast(0),
      of("working_days", STRING).mandatory(),
      of("working_hours", STRING).mandatory()),
      List.of("team_id"), List.of(), false, false);

  public static final TableContract CUSTOMERS = new TableContract(RawTables.CUSTOMERS, List.of(
      of("customer_id", STRING).mandatory(),
      of("region", STRING).mandatory(),
      of("district", STRING).mandatory(),
      of("occupation", STRING),
      of("employer_type", STRING),
      of("monthly_income", MONEY).atLeast(0),
      of("birth_year", INTEGER).between(1900, 2100),
      of("customer_since", DATE).past(),
      of("home_latitude", DOUBLE).between(-90, 90),
      of("home_longitude", DOUBLE).between(-180, 180)),
      List.of("customer_id"), List.of(), true, false);

  public static final TableContract CUSTOMER_CONTACTS = new TableContract(
      RawTables.CUSTOMER_CONTACTS, List.of(
      of("customer_id", STRING).mandatory(),
      of("name", STRING),
      of("phone", STRING),
      of("id_number", STRING),
      of("address", STRING)),
      List.of("customer_id"), List.of(CUSTOMER), false, true);

  public static final TableContract LOANS = new TableContract(RawTables.LOANS, List.of(
      of("loan_id", STRING).mandatory(),
      of("customer_id", STRING).mandatory(),
      of("product", STRING).mandatory().oneOf(PRODUCTS.toArray(String[]::new)),
      of("principal", MONEY).mandatory().atLeast(0),
      of("annual_rate", DOUBLE).between(0, 1),
      of("term_months", INTEGER).between(1, 600),
      of("origination_date", DATE).mandatory().past(),
      of("branch_id", STRING),
      of("region", STRING).mandatory(),
      of("closed_date", DATE).past(),
      of("written_off_date", DATE).past(),
      of("litigation_date", DATE).past()),
      List.of("loan_id"), List.of(CUSTOMER), true, false);

  public static final TableContract SCHEDULE = new TableContract(RawTables.SCHEDULE, List.of(
      of("loan_id", STRING).mandatory(),
      of("installment_no", INTEGER).mandatory().between(1, 1200),
      of("due_date", DATE).mandatory(),
      of("principal_due", MONEY).mandatory().atLeast(0),
      of("interest_due", MONEY).mandatory().atLeast(0)),
      List.of("loan_id", "installment_no"), List.of(LOAN), true, false);

  public static final TableContract PAYMENTS = new TableContract(RawTables.PAYMENTS, List.of(
      of("payment_id", STRING).mandatory(),
      of("loan_id", STRING).mandatory(),
      of("payment_date", DATE).mandatory().past(),
      of("amount", MONEY).mandatory().atLeast(0),
      of("channel", STRING).oneOf("auto_debit", "mobile_app", "bank_transfer", "counter",
          "other")),
      List.of("payment_id"), List.of(LOAN), true, false);

  public static final TableContract CONTACTS = new TableContract(RawTables.CONTACTS, List.of(
      of("contact_id", STRING).mandatory(),
      of("loan_id", STRING).mandatory(),
      of("contact_time", TIMESTAMP).mandatory().past(),
      of("channel", STRING).mandatory().oneOf("call", "sms", "letter"),
      of("outcome", STRING).mandatory().oneOf("reached", "no_answer", "invalid_number",
          "refused", "promise_to_pay"),
      of("promised_amount", MONEY).atLeast(0),
      of("promised_date", DATE)),
      List.of("contact_id"), List.of(LOAN), false, false);

  public static final TableContract VISIT_PLANS = new TableContract(RawTables.VISIT_PLANS,
      List.of(
      of("plan_date", DATE).mandatory().past(),
      of("loan_id", STRING).mandatory(),
      of("team_id", STRING),
      of("control_group", BOOLEAN).mandatory()),
      List.of("plan_date", "loan_id"), List.of(LOAN), false, false);

  public static final TableContract VISITS = new TableContract(RawTables.VISITS, List.of(
      of("visit_id", STRING).mandatory(),
      of("loan_id", STRING).mandatory(),
      of("team_id", STRING).mandatory(),
      of("officer_id", STRING),
      of("visit_time", TIMESTAMP).mandatory().past(),
      of("outcome", STRING).mandatory().oneOf("met_borrower", "met_family", "not_home",
          "address_invalid", "refused"),
      of("overdue_reason", STRING).oneOf("illness", "job_loss", "business_decline",
          "poor_money_management", "economic_downturn", "dispute", "suspected_fraud", "other"),
      of("ability", STRING).oneOf("able", "partial", "unable"),
      of("willingness", STRING).oneOf("willing", "reluctant", "refuses"),
      of("info_verified", BOOLEAN),
      of("agreed_action", STRING).oneOf("promise_to_pay", "instalment_plan", "term_extension",
          "rate_reduction", "restructuring", "legal_escalation", "none"),
      of("promised_amount", MONEY).atLeast(0),
      of("promised_date", DATE),
      of("cost", MONEY).atLeast(0)),
      List.of("visit_id"), List.of(LOAN, new Reference("team_id", RawTables.TEAMS, UNKNOWN_TEAM)),
      false, false);

  /** Monthly statements of revolving credit lines (UCI). */
  public static final TableContract STATEMENTS = new TableContract(RawTables.STATEMENTS, List.of(
      of("loan_id", STRING).mandatory(),
      of("statement_date", DATE).mandatory().past(),
      of("bill_amount", MONEY),
      of("paid_amount", MONEY).atLeast(0),
      of("repayment_status", INTEGER).mandatory().between(-2, 9)),
      List.of("loan_id", "statement_date"), List.of(LOAN), true, false);

  /** Published outcomes (UCI's default flag). */
  public static final TableContract OUTCOMES = new TableContract(RawTables.OUTCOMES, List.of(
      of("loan_id", STRING).mandatory(),
      of("as_of_date", DATE).mandatory(),
      of("default_next_month", BOOLEAN).mandatory()),
      List.of("loan_id", "as_of_date"), List.of(LOAN), true, false);

  /** The tables a UCI credit-card file maps onto, parents before children. */
  public static final List<TableContract> UCI =
      List.of(CUSTOMERS, LOANS, STATEMENTS, PAYMENTS, OUTCOMES);

  /** Every contract, parents before children. */
  public static final List<TableContract> ALL = List.of(TEAMS, CUSTOMERS, CUSTOMER_CONTACTS,
      LOANS, SCHEDULE, PAYMENTS, CONTACTS, VISIT_PLANS, VISITS);

  /** Every table any source can produce. */
  public static final List<TableContract> EVERY = java.util.stream.Stream.concat(ALL.stream(),
      java.util.stream.Stream.of(STATEMENTS, OUTCOMES)).toList();

  private static final Map<String, TableContract> BY_TABLE = EVERY.stream()
      .collect(java.util.stream.Collectors.toUnmodifiableMap(TableContract::table, c -> c));

  private Contracts() {}

  public static TableContract forTable(String table) {
    TableContract contract = BY_TABLE.get(table);
    if (contract == null) {
      throw new IllegalArgumentException("No contract for table " + table);
    }
    return contract;
  }
}
