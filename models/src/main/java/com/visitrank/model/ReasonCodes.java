package com.visitrank.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.visitrank.features.FeatureCatalog;
import com.visitrank.features.FeatureDefinition;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * The top factors raising a loan's risk, in words a visit officer understands, from the
 * scorecard's points: a feature's points are its coefficient times the WoE of the loan's bin, so
 * 0 is the training population's average and a positive value raises the log-odds of the label by
 * that much. The (at most 3) features with the most positive points are named, most points first
 * (ties by text), each with the loan's own value, e.g. "62 days past due".
 */
public final class ReasonCodes {

  /** How many reasons a loan gets at most. */
  public static final int TOP = 3;

  private static Column integer(String name) {
    return col(name).cast("long");
  }

  private static Column percent(String name) {
    return format_number(col(name).cast("double").multiply(100), 0);
  }

  /** Wording of the features a visit officer meets most; others use the feature catalog. */
  private static final Map<String, Function<String, Column>> WORDS = Map.ofEntries(
      Map.entry(DerivedFeatures.ARREARS_INSTALLMENTS, n -> concat(
          format_number(col(n).cast("double"), 1), lit(" instalments in arrears"))),
      Map.entry(DerivedFeatures.INSTALLMENT_TO_INCOME, n -> concat(lit("instalment is "),
          percent(n), lit("% of declared income"))),
      Map.entry("dpd", n -> format_string("%d days past due", integer(n))),
      Map.entry("installments_missed", n -> format_string("%d instalments unpaid", integer(n))),
      Map.entry("overdue_amount", n -> concat(format_number(col(n).cast("double"), 2),
          lit(" overdue"))),
      Map.entry("outstanding_principal", n -> concat(format_number(col(n).cast("double"), 2),
          lit(" principal outstanding"))),
      Map.entry("max_dpd_3m", n -> format_string("up to %d days past due in the last 3 months",
          integer(n))),
      Map.entry("max_dpd_6m", n -> format_string("up to %d days past due in the last 6 months",
          integer(n))),
      Map.entry("max_dpd_12m", n -> format_string(
          "up to %d days past due in the last 12 months", integer(n))),
      Map.entry("episodes_30plus_12m", n -> format_string(
          "%d times over 30 days past due in the last 12 months", integer(n))),
      Map.entry("months_since_delinquency", n -> format_string(
          "last past due %d months ago", integer(n))),
      Map.entry("paid_to_due_1m", n -> concat(lit("paid "), percent(n),
          lit("% of what fell due last month"))),
      Map.entry("paid_to_due_3m", n -> concat(lit("paid "), percent(n),
          lit("% of what fell due in 3 months"))),
      Map.entry("paid_to_due_6m", n -> concat(lit("paid "), percent(n),
          lit("% of what fell due in 6 months"))),
      Map.entry("days_since_last_payment", n -> format_string("no payment for %d days",
          integer(n))),
      Map.entry("partial_payments_6m", n -> format_string("%d partial payments in 6 months",
          integer(n))),
      Map.entry("payments_12m", n -> format_string("%d payments in 12 months", integer(n))),
      Map.entry("late_payments_12m", n -> format_string(
          "paid after the due day %d times in 12 months", integer(n))),
      Map.entry(DerivedFeatures.LATE_PAYMENT_SHARE, n -> concat(percent(n),
          lit("% of payments in 12 months after the due day"))),
      Map.entry("dpd_trend_3m", n -> format_string("days past due up by %d in 3 months",
          integer(n))),
      Map.entry("contact_attempts_30d", n -> format_string("%d calls, SMS or letters in 30 days",
          integer(n))),
      Map.entry("contact_attempts_90d", n -> format_string("%d calls, SMS or letters in 90 days",
          integer(n))),
      Map.entry("reach_rate_30d", n -> concat(lit("reached on "), percent(n),
          lit("% of calls in 30 days"))),
      Map.entry("reach_rate_90d", n -> concat(lit("reached on "), percent(n),
          lit("% of calls in 90 days"))),
      Map.entry("invalid_number_90d", n -> format_string(
          "phone number found invalid %d times in 90 days", integer(n))),
      Map.entry("refusals_90d", n -> format_string("refused to pay %d times in 90 days",
          integer(n))),
      Map.entry("promises_made_90d", n -> format_string("%d promises to pay in 90 days",
          integer(n))),
      Map.entry("promises_kept_90d", n -> format_string("%d promises kept in 90 days",
          integer(n))),
      Map.entry("promises_broken_90d", n -> format_string(
          "%d broken promises in the last 90 days", integer(n))),
      Map.entry("days_since_contact", n -> format_string("not reached for %d days",
          integer(n))),
      Map.entry("visits_count", n -> format_string("%d field visits so far", integer(n))),
      Map.entry("other_loans_overdue", n -> format_string("%d other loans past due",
          integer(n))),
      Map.entry("customer_payments_12m", n -> format_string(
          "%d payments in 12 months across all loans", integer(n))),
      Map.entry("customer_late_payments_12m", n -> format_string(
          "paid after the due day %d times in 12 months across all loans", integer(n))),
      Map.entry(DerivedFeatures.CUSTOMER_LATE_PAYMENT_SHARE, n -> concat(percent(n),
          lit("% of payments in 12 months on all loans after the due day"))),
      Map.entry("in_litigation", n -> lit("in litigation")),
      Map.entry("loan_age_months", n -> format_string("loan %d months old", integer(n))),
      Map.entry("remaining_term", n -> format_string("%d instalments still to fall due",
          integer(n))));

  /** Wording of a missing value of the features that have one. */
  private static final Map<String, String> MISSING_WORDS = Map.of(
      "days_since_last_payment", "no payment ever recorded",
      "days_since_contact", "never reached by phone",
      "reach_rate_30d", "no calls in 30 days",
      "reach_rate_90d", "no calls in 90 days",
      DerivedFeatures.LATE_PAYMENT_SHARE, "no payment in 12 months to compare with a due day",
      DerivedFeatures.CUSTOMER_LATE_PAYMENT_SHARE,
          "no payment on any loan in 12 months to compare with a due day",
      "months_since_delinquency", "no past due month in the last 12 months");

  private ReasonCodes() {}

  /** The plain-words text of a feature's value in the current row. */
  public static Column text(ModelFeature feature) {
    String name = feature.name();
    Function<String, Column> words = WORDS.get(name);
    Column present;
    if (words != null) {
      present = words.apply(name);
    } else {
      String meaning = FeatureCatalog.ALL.stream().filter(d -> d.name().equals(name))
          .map(FeatureDefinition::meaning).findFirst().orElse(name.replace('_', ' '));
      present = concat(lit(meaning + ": "), col(name).cast("string"));
    }
    String missing = MISSING_WORDS.getOrDefault(name, name.replace('_', ' ') + " unknown");
    return when(col(name).isNull(), lit(missing)).otherwise(present);
  }

  /** A feature's points in the current row: coefficient times the WoE of its bin. */
  public static Column points(FeatureBins bins, double coefficient) {
    return coalesce(bins.woeColumn().multiply(coefficient), lit(0.0));
  }

  /**
   * The reason codes, an array of at most {@link #TOP} strings: the features with positive points,
   * most points first.
   *
   * @param coefficients the scorecard's coefficient of each feature, in the order of {@code bins}
   */
  public static Column column(List<FeatureBins> bins, double[] coefficients) {
    if (bins.isEmpty()) {
      return expr("cast(array() as array<string>)");
    }
    Column[] cells = new Column[bins.size()];
    for (int i = 0; i < bins.size(); i++) {
      cells[i] = struct(points(bins.get(i), coefficients[i]).as("p"),
          text(bins.get(i).feature()).as("t"));
    }
    return slice(transform(sort_array(filter(array(cells), x -> x.getField("p").gt(1e-9)),
        false), x -> x.getField("t")), 1, TOP);
  }
}
