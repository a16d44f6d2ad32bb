package com.visitrank.features;

import java.util.List;

/**
 * Every column of {@code features/}, in order: what it means, where it comes from and over which
 * window. README's feature list is generated from here ({@link #markdown()}).
 */
public final class FeatureCatalog {

  private static FeatureDefinition f(String name, String meaning, String source, String window) {
    return new FeatureDefinition(name, meaning, source, window);
  }

  public static final List<FeatureDefinition> KEYS = List.of(
      f("loan_id", "Loan identifier", "loans", "-"),
      f("customer_id", "Customer identifier", "loans", "-"),
      f("as_of_date", "The date T the row describes", "-", "-"));

  public static final List<FeatureDefinition> FEATURES = List.of(
      f("dpd", "Days past due at T: T minus the due date of the oldest instalment not fully paid"
          + " (payments go to the oldest instalment first); revolving lines: 30 per month of"
          + " delay on T's statement", "schedule, payments (statements)", "at T"),
      f("bucket", "M0 (current), M1 (1-30), M2 (31-60), M3 (61-90), M4+ (over 90 DPD)",
          "schedule, payments", "at T"),
      f("overdue_class", "none, short (1-30 DPD) or long (over 30 DPD)", "schedule, payments",
          "at T"),
      f("overdue_amount", "Amount due by T and not paid", "schedule, payments", "at T"),
      f("installments_missed", "Instalments due by T and not fully paid", "schedule, payments",
          "at T"),
      f("outstanding_principal", "Principal not yet repaid (fully paid instalments only)",
          "loans, schedule, payments", "at T"),
      f("max_dpd_3m", "Highest DPD at T and the 2 dates a month, 2 months before",
          "schedule, payments", "3 months"),
      f("max_dpd_6m", "Highest DPD at T and the 5 monthly dates before", "schedule, payments",
          "6 months"),
      f("max_dpd_12m", "Highest DPD at T and the 11 monthly dates before", "schedule, payments",
          "12 months"),
      f("episodes_30plus_12m", "Times DPD crossed above 30 between monthly dates",
          "schedule, payments", "12 months"),
      f("cures_12m", "Times DPD fell back to 0 from above 0 between monthly dates",
          "schedule, payments", "12 months"),
      f("months_past_due_12m", "Monthly dates (T and the 11 before) with DPD over 0",
          "schedule, payments", "12 months"),
      f("months_since_delinquency", "Months since the latest monthly date with DPD over 0"
          + " (0 = at T; null = none in 12 months)", "schedule, payments", "12 months"),
      f("paid_to_due_1m", "Paid over due in the last month (null when nothing fell due);"
          + " revolving lines: paid in the month over the previous statement's bill",
          "schedule, payments", "1 month"),
      f("paid_to_due_3m", "Paid over due in the last 3 months", "schedule, payments",
          "3 months"),
      f("paid_to_due_6m", "Paid over due in the last 6 months", "schedule, payments",
          "6 months"),
      f("days_since_last_payment", "Days since the latest payment (null: never paid)",
          "payments", "all history"),
      f("partial_payments_6m", "Payments smaller than one instalment", "payments, schedule",
          "6 months"),
      f("payments_12m", "Payments received", "payments", "12 months"),
      f("late_payments_12m", "Payments made later in their month than the loan's due day (the"
          + " day of month of its first instalment): the trace of borrowers who pay, but late",
          "payments, schedule", "12 months"),
      f("dpd_trend_3m", "DPD at T minus DPD 3 months before", "schedule, payments", "3 months"),
      f("contact_attempts_30d", "Calls, SMS and letters", "contacts", "30 days"),
      f("contact_attempts_90d", "Calls, SMS and letters", "contacts", "90 days"),
      f("reach_rate_30d", "Calls that reached the borrower (reached, refused or promised) over"
          + " calls", "contacts", "30 days"),
      f("reach_rate_90d", "Same as reach_rate_30d", "contacts", "90 days"),
      f("invalid_number_90d", "Contacts that found the number invalid", "contacts", "90 days"),
      f("refusals_90d", "Contacts where the borrower refused to pay", "contacts", "90 days"),
      f("promises_made_90d", "Promises to pay", "contacts", "90 days"),
      f("promises_kept_90d", "Promises whose date has passed and whose amount was paid from the"
          + " promise to the promised date", "contacts, payments", "90 days"),
      f("promises_broken_90d", "Promises whose date has passed without the amount paid",
          "contacts, payments", "90 days"),
      f("days_since_contact", "Days since the latest successful contact (reached or promise)",
          "contacts", "all history"),
      f("visits_count", "Field visits so far", "visits", "all history"),
      f("last_visit_outcome", "Outcome of the latest visit", "visits", "all history"),
      f("last_visit_ability", "Ability to pay assessed at the latest visit", "visits",
          "all history"),
      f("last_visit_willingness", "Willingness to pay assessed at the latest visit", "visits",
          "all history"),
      f("last_visit_action", "Action agreed at the latest visit", "visits", "all history"),
      f("days_since_visit", "Days since the latest visit", "visits", "all history"),
      f("product", "consumer, mortgage, business, agricultural or credit_card", "loans", "-"),
      f("principal", "Amount lent (credit limit for credit_card)", "loans", "-"),
      f("annual_rate", "Annual interest rate", "loans", "-"),
      f("term_months", "Contractual term", "loans", "-"),
      f("installment_amount", "First instalment (principal plus interest)", "schedule", "-"),
      f("loan_age_months", "Whole months since origination", "loans", "at T"),
      f("remaining_term", "Instalments not yet due at T", "loans, schedule", "at T"),
      f("in_litigation", "Litigation started on or before T", "loans", "at T"),
      f("region", "Region of the loan", "loans", "-"),
      f("district", "District of the customer's home", "customers", "-"),
      f("customer_region", "Region of the customer", "customers", "-"),
      f("occupation", "Customer's occupation", "customers", "-"),
      f("employer_type", "Customer's employer type", "customers", "-"),
      f("monthly_income", "Declared monthly income", "customers", "-"),
      f("customer_age", "Years of age in T's year", "customers", "at T"),
      f("tenure_months", "Whole months as a customer", "customers", "at T"),
      f("other_loans", "The customer's other loans active at T", "loans", "at T"),
      f("other_loans_overdue", "Of those, how many are past due at T", "loans, schedule, "
          + "payments", "at T"),
      f("customer_payments_12m", "payments_12m summed over the customer's loans active at T"
          + " (this one included)", "payments, schedule, loans", "12 months"),
      f("customer_late_payments_12m", "late_payments_12m summed over the customer's loans"
          + " active at T (this one included): paying late as a habit of the person, not of"
          + " one loan", "payments, schedule, loans", "12 months"),
      f("utilisation", "Revolving lines: balance billed on T's statement over the credit limit",
          "statements, loans", "at T"),
      f("bill_amount", "Revolving lines: balance billed on T's statement", "statements", "at T"),
      f("paid_amount_1m", "Revolving lines: amount paid in T's statement month", "statements",
          "1 month"),
      f("statement_status", "Revolving lines: repayment status on T's statement (-2 no use, -1"
          + " paid in full, 0 revolving, n = n months of delay)", "statements", "at T"),
      f("statement_status_prev", "Revolving lines: repayment status on the statement a month"
          + " before T", "statements", "1 month before T"),
      f("months_revolving_6m", "Revolving lines: statements with status 0 (minimum paid,"
          + " balance carried)", "statements", "6 months"),
      f("months_paid_in_full_6m", "Revolving lines: statements with status -1 (paid in full)",
          "statements", "6 months"),
      f("months_unused_6m", "Revolving lines: statements with status -2 (no use)", "statements",
          "6 months"),
      f("bill_change_3m", "Revolving lines: balance billed at T minus 3 months before",
          "statements", "3 months"),
      f("months_delayed_6m", "Revolving lines: statements with months of delay (status above"
          + " 0)", "statements", "6 months"),
      f("paid_amount_3m", "Revolving lines: amount paid in the last 3 statement months",
          "statements", "3 months"),
      f("utilisation_max_6m", "Revolving lines: highest balance billed over the credit limit",
          "statements, loans", "6 months"));

  public static final List<FeatureDefinition> LABELS = List.of(
      f(LoanFeatures.LONG_OVERDUE_LABEL, "More than 30 days past due, or written off, at T+60 (null"
          + " while T+60 is past the data)", "loans, schedule, payments", "(T, T+60]"),
      f(LoanFeatures.CURE_LABEL, "DPD 0 and not written off at T+30", "loans, schedule, payments",
          "(T, T+30]"),
      f(LoanFeatures.PAID_LABEL, "Amount repaid in (T, T+90]", "payments", "(T, T+90]"),
      f("label_default_next_month", "Default in the month after T, as a public data set"
          + " publishes it (UCI credit card; null elsewhere)", "outcomes", "(T, T+1 month]"));

  public static final List<FeatureDefinition> ALL = concat(KEYS, FEATURES, LABELS);

  private FeatureCatalog() {}

  @SafeVarargs
  private static List<FeatureDefinition> concat(List<FeatureDefinition>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }

  /** The catalog as a Markdown table, as README shows it. */
  public static String markdown() {
    StringBuilder sb = new StringBuilder("| column | meaning | source | window |\n|---|---|---|---|\n");
    for (FeatureDefinition d : ALL) {
      sb.append("| `").append(d.name()).append("` | ").append(d.meaning()).append(" | ")
          .append(d.source()).append(" | ").append(d.window()).append(" |\n");
    }
    return sb.toString();
  }
}
