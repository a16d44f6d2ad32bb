package com.visitrank.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.visitrank.schema.RawTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Maps the UCI "default of credit card clients" file (Yeh and Lien 2009; CC BY 4.0) onto the
 * native tables, keeping every value as published so that the usual validation applies.
 *
 * <p>One client ({@code ID}) becomes customer {@code UCI-C<ID>} with one revolving credit line,
 * loan {@code UCI-L<ID>} (product {@code credit_card}, principal = {@code LIMIT_BAL}, the credit
 * limit; rate and term not published). Its six months, April to September 2005, become six rows
 * of {@code statements}: statement_date is the month end, bill_amount = {@code BILL_AMTn},
 * repayment_status = {@code PAY_n} (-2 no consumption, -1 paid in full, 0 revolving, 1..9 months
 * of delay), paid_amount = the amount paid in that month ({@code PAY_AMTn}), which also becomes a
 * payment on the 15th when positive. The label {@code default.payment.next.month} (default in
 * October 2005) goes to {@code outcomes} with as_of_date 2005-09-30. Origination is not
 * published: the line's first statement month (2005-04-01) stands in for it.
 *
 * <p>Columns of the file (upper case) arrive as text in the reader's form: {@code _source_file},
 * {@code _row_number}, {@code _raw_record} and {@code _field_error} are carried into every table,
 * so a rejected statement points at its line of the file.
 */
public final class UciCreditCard {

  /** The file's columns, lower-cased as the reader matches them. */
  public static final List<String> COLUMNS = List.of("id", "limit_bal", "sex", "education",
      "marriage", "age", "pay_0", "pay_2", "pay_3", "pay_4", "pay_5", "pay_6", "bill_amt1",
      "bill_amt2", "bill_amt3", "bill_amt4", "bill_amt5", "bill_amt6", "pay_amt1", "pay_amt2",
      "pay_amt3", "pay_amt4", "pay_amt5", "pay_amt6", "default.payment.next.month");

  /** The status column of each statement month, September first as in the file. */
  private static final String[] STATUS = {"pay_0", "pay_2", "pay_3", "pay_4", "pay_5", "pay_6"};
  private static final String[] MONTH_ENDS = {"2005-09-30", "2005-08-31", "2005-07-31",
      "2005-06-30", "2005-05-31", "2005-04-30"};
  public static final String AS_OF = "2005-09-30";
  public static final String REGION = "Taiwan";

  private UciCreditCard() {}

  private static Column id() {
    return expr("trim(`id`)");
  }

  private static List<Column> origin() {
    return List.of(col(Validation.SOURCE_FILE), col(Validation.ROW_NUMBER),
        col(Validation.RAW_RECORD), col(Validation.FIELD_ERROR));
  }

  private static Dataset<Row> select(Dataset<Row> uci, List<Column> columns) {
    List<Column> all = new ArrayList<>(origin());
    all.addAll(columns);
    return uci.select(all.toArray(Column[]::new));
  }

  private static Column nullText() {
    return lit(null).cast(DataTypes.StringType);
  }

  /** The native tables, in the reader's text form, by table name (parents first). */
  public static Map<String, Dataset<Row>> toNativeForm(Dataset<Row> uci) {
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    Column age = expr("try_cast(trim(`age`) AS INT)");
    tables.put(RawTables.CUSTOMERS, select(uci, List.of(
        concat(lit("UCI-C"), id()).as("customer_id"),
        lit(REGION).as("region"), lit(REGION).as("district"),
        nullText().as("occupation"), nullText().as("employer_type"),
        nullText().as("monthly_income"),
        when(age.isNotNull(), lit(2005).minus(age).cast("string")).as("birth_year"),
        nullText().as("customer_since"), nullText().as("home_latitude"),
        nullText().as("home_longitude"),
        col("sex"), col("education"), col("marriage"))));
    tables.put(RawTables.LOANS, select(uci, List.of(
        concat(lit("UCI-L"), id()).as("loan_id"), concat(lit("UCI-C"), id()).as("customer_id"),
        lit("credit_card").as("product"), col("limit_bal").as("principal"),
        nullText().as("annual_rate"), nullText().as("term_months"),
        lit("2005-04-01").as("origination_date"), nullText().as("branch_id"),
        lit(REGION).as("region"), nullText().as("closed_date"),
        nullText().as("written_off_date"), nullText().as("litigation_date"))));
    Dataset<Row> statements = null;
    Dataset<Row> payments = null;
    for (int month = 0; month < 6; month++) {
      int n = month + 1;
      Dataset<Row> statement = select(uci, List.of(
          concat(lit("UCI-L"), id()).as("loan_id"), lit(MONTH_ENDS[month]).as("statement_date"),
          col("bill_amt" + n).as("bill_amount"), col("pay_amt" + n).as("paid_amount"),
          col(STATUS[month]).as("repayment_status")));
      Dataset<Row> payment = select(uci.filter(expr("try_cast(trim(`pay_amt" + n
              + "`) AS DOUBLE) > 0")), List.of(
          concat(lit("UCI-P"), id(), lit("-" + MONTH_ENDS[month].substring(0, 7)))
              .as("payment_id"),
          concat(lit("UCI-L"), id()).as("loan_id"),
          lit(MONTH_ENDS[month].substring(0, 8) + "15").as("payment_date"),
          col("pay_amt" + n).as("amount"), nullText().as("channel")));
      statements = statements == null ? statement : statements.unionByName(statement);
      payments = payments == null ? payment : payments.unionByName(payment);
    }
    tables.put(RawTables.STATEMENTS, statements);
    tables.put(RawTables.PAYMENTS, payments);
    tables.put(RawTables.OUTCOMES, select(uci, List.of(
        concat(lit("UCI-L"), id()).as("loan_id"), lit(AS_OF).as("as_of_date"),
        col("`default.payment.next.month`").as("default_next_month"))));
    return tables;
  }
}
