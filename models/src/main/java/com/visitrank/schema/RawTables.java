package com.visitrank.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The native input contract (PRODUCT.md, "Input contract"): one schema constant per raw table.
 * Identifiers are strings, money is {@code decimal(18,2)}, dates are {@code date}, times
 * {@code timestamp}. A loan's status on any date follows from its event dates, never from a
 * status column.
 */
public final class RawTables {

  /** Money in the local currency, exact to the cent. */
  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

  public static final String CUSTOMERS = "customers";
  public static final String CUSTOMER_CONTACTS = "customer_contacts";
  public static final String LOANS = "loans";
  public static final String SCHEDULE = "schedule";
  public static final String PAYMENTS = "payments";
  public static final String CONTACTS = "contacts";
  public static final String VISITS = "visits";
  public static final String VISIT_PLANS = "visit_plans";
  public static final String TEAMS = "teams";
  public static final String STATEMENTS = "statements";
  public static final String OUTCOMES = "outcomes";

  /** Every native raw table, in dependency order (parents first). */
  public static final List<String> ALL =
      List.of(TEAMS, CUSTOMERS, CUSTOMER_CONTACTS, LOANS, SCHEDULE, PAYMENTS, CONTACTS,
          VISIT_PLANS, VISITS);

  public static final StructType CUSTOMERS_SCHEMA = schema(
      field("customer_id", StringType, false),
      field("region", StringType, false),
      field("district", StringType, false),
      field("occupation", StringType, true),
      field("employer_type", StringType, true),
      field("monthly_income", MONEY, true),
      field("birth_year", IntegerType, true),
      field("customer_since", DateType, true),
      field("home_latitude", DoubleType, true),
      field("home_longitude", DoubleType, true));

  /** Personally identifying data, kept apart from everything else. */
  public static final StructType CUSTOMER_CONTACTS_SCHEMA = schema(
      field("customer_id", StringType, false),
      field("name", StringType, true),
      field("phone", StringType, true),
      field("id_number", StringType, true),
      field("address", StringType, true));

  public static final StructType LOANS_SCHEMA = schema(
      field("loan_id", StringType, false),
      field("customer_id", StringType, false),
      field("product", StringType, false),
      field("principal", MONEY, false),
      field("annual_rate", DoubleType, false),
      field("term_months", IntegerType, false),
      field("origination_date", DateType, false),
      field("branch_id", StringType, true),
      field("region", StringType, false),
      field("closed_date", DateType, true),
      field("written_off_date", DateType, true),
      field("litigation_date", DateType, true));

  public static final StructType SCHEDULE_SCHEMA = schema(
      field("loan_id", StringType, false),
      field("installment_no", IntegerType, false),
      field("due_date", DateType, false),
      field("principal_due", MONEY, false),
      field("interest_due", MONEY, false));

  public static final StructType PAYMENTS_SCHEMA = schema(
      field("payment_id", StringType, false),
      field("loan_id", StringType, false),
      field("payment_date", DateType, false),
      field("amount", MONEY, false),
      field("channel", StringType, true));

  public static final StructType CONTACTS_SCHEMA = schema(
      field("contact_id", StringType, false),
      field("loan_id", StringType, false),
      field("contact_time", TimestampType, false),
      field("channel", StringType, false),
      field("outcome", StringType, false),
      field("promised_amount", MONEY, true),
      field("promised_date", DateType, true));

  public static final StructType VISITS_SCHEMA = schema(
      field("visit_id", StringType, false),
      field("loan_id", StringType, false),
      field("team_id", StringType, false),
      field("officer_id", StringType, true),
      field("visit_time", TimestampType, false),
      field("outcome", StringType, false),
      field("overdue_reason", StringType, true),
      field("ability", StringType, true),
      field("willingness", StringType, true),
      field("info_verified", BooleanType, true),
      field("agreed_action", StringType, true),
      field("promised_amount", MONEY, true),
      field("promised_date", DateType, true),
      field("cost", MONEY, true));

  /**
   * Past visit plans as the bank's old campaign system recorded them: every loan that was
   * eligible for a visit on {@code plan_date}, and whether it was held out as control. Lets an
   * uplift model compare visited loans with comparable unvisited ones.
   */
  public static final StructType VISIT_PLANS_SCHEMA = schema(
      field("plan_date", DateType, false),
      field("loan_id", StringType, false),
      field("team_id", StringType, true),
      field("control_group", BooleanType, false));

  public static final StructType TEAMS_SCHEMA = schema(
      field("team_id", StringType, false),
      field("region", StringType, false),
      field("districts", StringType, false),
      field("visits_per_day", IntegerType, false),
      field("cost_per_visit", MONEY, false),
      field("working_days", StringType, false),
      field("working_hours", StringType, false));

  /**
   * Monthly statements of a revolving credit line (the UCI credit-card data): the bill, what was
   * paid in the month, and the bank's repayment status (-2 no consumption, -1 paid in full,
   * 0 revolving, 1..9 months of delay).
   */
  public static final StructType STATEMENTS_SCHEMA = schema(
      field("loan_id", StringType, false),
      field("statement_date", DateType, false),
      field("bill_amount", MONEY, true),
      field("paid_amount", MONEY, true),
      field("repayment_status", IntegerType, false));

  /** Outcomes a public data set publishes with its records (the UCI default flag). */
  public static final StructType OUTCOMES_SCHEMA = schema(
      field("loan_id", StringType, false),
      field("as_of_date", DateType, false),
      field("default_next_month", BooleanType, false));

  private RawTables() {}

  /** The contract schema of a raw table, by name. */
  public static StructType schemaOf(String table) {
    return switch (table) {
      case CUSTOMERS -> CUSTOMERS_SCHEMA;
      case CUSTOMER_CONTACTS -> CUSTOMER_CONTACTS_SCHEMA;
      case LOANS -> LOANS_SCHEMA;
      case SCHEDULE -> SCHEDULE_SCHEMA;
      case PAYMENTS -> PAYMENTS_SCHEMA;
      case CONTACTS -> CONTACTS_SCHEMA;
      case VISITS -> VISITS_SCHEMA;
      case VISIT_PLANS -> VISIT_PLANS_SCHEMA;
      case TEAMS -> TEAMS_SCHEMA;
      case STATEMENTS -> STATEMENTS_SCHEMA;
      case OUTCOMES -> OUTCOMES_SCHEMA;
      default -> throw new IllegalArgumentException("Unknown raw table: " + table
          + " (known: " + String.join(", ", ALL) + ")");
    };
  }

  static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
