package com.visitrank.world;

import java.util.SplittableRandom;

/**
 * What an officer records on a visit, drawn from the borrower's latent situation with realistic
 * noise: the reason and assessments are right most of the time, not always.
 */
public final class VisitFindings {

  /** What the officer wrote down. */
  public record Findings(
      String outcome,
      String overdueReason,
      String ability,
      String willingness,
      Boolean infoVerified,
      String agreedAction) {}

  private static final String[] REASONS = {
    "illness", "job_loss", "business_decline", "poor_money_management", "economic_downturn",
    "dispute", "suspected_fraud"
  };
  private static final String[] ABILITY = {"able", "partial", "unable"};
  private static final String[] WILLINGNESS = {"willing", "reluctant", "refuses"};
  private static final double ASSESSMENT_ACCURACY = 0.75;

  private VisitFindings() {}

  /**
   * Draws a visit's record.
   *
   * @param effective the type the borrower behaves as at the visit
   * @param shockReason the cause of a running shock, or null
   * @param addressValid whether the borrower still lives at the address
   * @param engaged whether the visit met and engaged the borrower
   */
  public static Findings draw(SplittableRandom rng, BorrowerType effective, String shockReason,
      boolean addressValid, boolean engaged) {
    String outcome;
    if (!addressValid) {
      outcome = "address_invalid";
    } else if (engaged) {
      outcome = rng.nextDouble() < 0.8 ? "met_borrower" : "met_family";
    } else {
      double u = rng.nextDouble();
      double refuse = effective == BorrowerType.UNWILLING || effective == BorrowerType.FRAUD
          ? 0.4 : 0.1;
      outcome = u < refuse ? "refused" : u < refuse + 0.45 ? "not_home" : "met_borrower";
    }
    if (!outcome.startsWith("met")) {
      return new Findings(outcome, null, null, null, null, null);
    }
    String reason = noisy(rng, trueReason(effective, shockReason, rng), REASONS);
    String ability = noisy(rng, trueAbility(effective), ABILITY);
    String willingness = noisy(rng, trueWillingness(effective), WILLINGNESS);
    boolean verified = switch (effective) {
      case FRAUD -> rng.nextDouble() < 0.2;
      case UNREACHABLE -> rng.nextDouble() < 0.6;
      default -> rng.nextDouble() < 0.93;
    };
    return new Findings(outcome, reason, ability, willingness, verified,
        agreedAction(rng, effective, engaged));
  }

  private static String trueReason(BorrowerType type, String shockReason, SplittableRandom rng) {
    return switch (type) {
      case HARDSHIP -> shockReason == null ? "job_loss" : shockReason;
      case INSOLVENT -> rng.nextBoolean() ? "business_decline" : "job_loss";
      case FRAUD -> "suspected_fraud";
      case UNWILLING -> rng.nextDouble() < 0.4 ? "dispute" : "poor_money_management";
      default -> "poor_money_management";
    };
  }

  private static String trueAbility(BorrowerType type) {
    return switch (type) {
      case HARDSHIP -> "partial";
      case INSOLVENT, FRAUD -> "unable";
      default -> "able";
    };
  }

  private static String trueWillingness(BorrowerType type) {
    return switch (type) {
      case UNWILLING -> "reluctant";
      case FRAUD -> "refuses";
      default -> "willing";
    };
  }

  private static String agreedAction(SplittableRandom rng, BorrowerType type, boolean engaged) {
    return switch (type) {
      case HARDSHIP -> engaged
          ? new String[] {"instalment_plan", "term_extension", "restructuring"}[rng.nextInt(3)]
          : "promise_to_pay";
      case UNWILLING -> engaged ? "promise_to_pay" : "legal_escalation";
      case INSOLVENT -> rng.nextBoolean() ? "restructuring" : "legal_escalation";
      case FRAUD -> "legal_escalation";
      default -> "promise_to_pay";
    };
  }

  private static String noisy(SplittableRandom rng, String truth, String[] choices) {
    return rng.nextDouble() < ASSESSMENT_ACCURACY ? truth : choices[rng.nextInt(choices.length)];
  }
}
