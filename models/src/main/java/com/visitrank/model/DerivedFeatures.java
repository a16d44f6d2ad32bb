package com.visitrank.model;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ratios the models use besides the columns of {@code features/loans}, computed from them when
 * scoring as when training (a ratio whose denominator is 0 or null is null: the missing bin).
 *
 * <ul>
 *   <li>{@code arrears_installments}: overdue amount over the instalment, the depth of arrears in
 *       instalments (partial payments included), comparable across loan sizes.
 *   <li>{@code installment_to_income}: the instalment over declared monthly income.
 *   <li>{@code late_payment_share_12m}: the share of the last 12 months' payments made after the
 *       due day.
 *   <li>{@code customer_late_payment_share_12m}: the same share over all of the customer's active
 *       loans.
 * </ul>
 */
public final class DerivedFeatures {

  public static final String ARREARS_INSTALLMENTS = "arrears_installments";
  public static final String INSTALLMENT_TO_INCOME = "installment_to_income";
  public static final String LATE_PAYMENT_SHARE = "late_payment_share_12m";
  public static final String CUSTOMER_LATE_PAYMENT_SHARE = "customer_late_payment_share_12m";

  /** Each derived column with the two columns it divides. */
  private static final Map<String, List<String>> RATIOS = Map.of(
      ARREARS_INSTALLMENTS, List.of("overdue_amount", "installment_amount"),
      INSTALLMENT_TO_INCOME, List.of("installment_amount", "monthly_income"),
      LATE_PAYMENT_SHARE, List.of("late_payments_12m", "payments_12m"),
      CUSTOMER_LATE_PAYMENT_SHARE, List.of("customer_late_payments_12m",
          "customer_payments_12m"));

  /** The derived columns' names. */
  public static final List<String> NAMES = List.of(ARREARS_INSTALLMENTS, INSTALLMENT_TO_INCOME,
      LATE_PAYMENT_SHARE, CUSTOMER_LATE_PAYMENT_SHARE);

  private DerivedFeatures() {}

  /**
   * The rows with every derived column whose inputs are present and which is not there yet, in
   * the order of {@link #NAMES}.
   */
  public static Dataset<Row> add(Dataset<Row> rows) {
    List<String> columns = List.of(rows.columns());
    Dataset<Row> result = rows;
    for (String name : NAMES) {
      List<String> inputs = RATIOS.get(name);
      if (!columns.contains(name) && columns.containsAll(inputs)) {
        Column denominator = col(inputs.get(1)).cast("double");
        result = result.withColumn(name, col(inputs.get(0)).cast("double").divide(denominator));
      }
    }
    return result;
  }
}
