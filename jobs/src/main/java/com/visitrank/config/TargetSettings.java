package com.visitrank.config;

import com.visitrank.targeting.CapacityPlan;
import com.visitrank.targeting.Eligibility;
import com.visitrank.targeting.SegmentUplift;
import com.visitrank.targeting.Uplift;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@code target} job (keys under {@code target}).
 *
 * @param modelName registry name of the champion model
 * @param seed seed of the control-group draw
 * @param controlShare share of planned loans held out
 * @param horizonDays working days planned ahead
 * @param minExpectedGain smallest expected gain planned (exclusive)
 * @param hours legal and preferred visiting hours
 * @param rules eligibility triggers and exclusions
 * @param disputeReasons overdue reasons found at the latest visit that exclude a loan
 * @param outcomeDays days after a past plan in which repayment is its outcome
 * @param minRows fewest visited and control rows to learn the uplift model
 * @param validationShare share of past plans held out for the Qini curve
 * @param learner {@link #SEGMENTS} or {@link #FORESTS}
 * @param forest settings of the uplift forests
 * @param segments settings of the segment learner, with the priors (also used alone when past
 *     plans are too few)
 */
public record TargetSettings(String modelName, long seed, double controlShare, int horizonDays,
    double minExpectedGain, CapacityPlan.Hours hours, Eligibility.Rules rules,
    List<String> disputeReasons, int outcomeDays, int minRows, double validationShare,
    String learner, Uplift.Params forest, SegmentUplift.Params segments) {

  /** Learner: responsiveness by segment, shrunk toward the priors ({@link SegmentUplift}). */
  public static final String SEGMENTS = "segments";
  /** Learner: two random forests, visited and control ({@link Uplift}). */
  public static final String FORESTS = "forests";

  public static TargetSettings read(ConfigReader r) {
    CapacityPlan.Hours hours = new CapacityPlan.Hours(window(r, "target.hours.legal"),
        window(r, "target.hours.weekday"), window(r, "target.hours.weekend"));
    for (String kind : List.of("weekday", "weekend")) {
      String key = "target.hours." + kind;
      String preferred = r.string(key).trim();
      if (!inside(preferred, hours.legal())) {
        throw new ConfigError(key, r.origin(key), "must lie inside target.hours.legal ("
            + hours.legal() + "), got '" + preferred + "'");
      }
    }
    List<String> reasons = Arrays.stream(r.string("target.exclude.overdue-reasons").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    String t = "target.triggers.";
    Eligibility.Rules rules = new Eligibility.Rules(
        r.bool(t + "contact-failed.enabled"),
        r.integer(t + "contact-failed.min-invalid-numbers", 1, 1000),
        r.integer(t + "contact-failed.min-attempts", 1, 1000),
        r.probability(t + "contact-failed.max-reach-rate"),
        r.bool(t + "doubtful-willingness.enabled"),
        r.integer(t + "doubtful-willingness.min-broken-promises", 1, 1000),
        r.integer(t + "doubtful-willingness.min-refusals", 1, 1000),
        r.bool(t + "long-overdue.enabled"),
        r.integer(t + "long-overdue.min-dpd", 1, 100000),
        r.bool(t + "large-amount.enabled"),
        r.number(t + "large-amount.min-overdue-amount", 0, 1e15),
        r.bool("target.exclude.litigation"),
        r.integer("target.exclude.cool-down-days", 0, 3650),
        !reasons.isEmpty());
    String p = "target.uplift.priors.";
    Map<String, Double> noVisit = new LinkedHashMap<>();
    noVisit.put("M1", r.probability(p + "no-visit.M1"));
    noVisit.put("M2", r.probability(p + "no-visit.M2"));
    noVisit.put("M3", r.probability(p + "no-visit.M3"));
    noVisit.put("M4+", r.probability(p + "no-visit.M4plus"));
    Map<String, Double> extra = new LinkedHashMap<>();
    for (String evidence : SegmentUplift.EVIDENCES) {
      extra.put(evidence, r.number(p + "visit-extra." + evidence.replace('_', '-'), 0, 10));
    }
    String learner = r.oneOf("target.uplift.learner", List.of(SEGMENTS, FORESTS));
    long seed = r.wholeNumber("target.seed", Long.MIN_VALUE, Long.MAX_VALUE);
    return new TargetSettings(
        r.nonEmptyString("target.model-name"),
        seed,
        r.number("target.control-share", 0, 0.9),
        r.integer("target.horizon-days", 1, 20),
        r.number("target.min-expected-gain", -1e15, 1e15),
        hours, rules, reasons,
        r.integer("target.uplift.outcome-days", 1, 365),
        r.integer("target.uplift.min-rows", 1, 100_000_000),
        r.number("target.uplift.validation-share", 0.05, 0.9),
        learner,
        new Uplift.Params(r.integer("target.uplift.trees", 1, 1000),
            r.integer("target.uplift.max-depth", 1, 20),
            r.integer("target.uplift.min-instances-per-node", 1, 100000), seed),
        new SegmentUplift.Params(r.number("target.uplift.prior-rows", 0, 1e9),
            r.number("target.uplift.max-debt-service", 0, 100),
            r.number("target.uplift.max-income-months", 0, 1200), noVisit, extra));
  }

  private static String window(ConfigReader r, String key) {
    String value = r.string(key).trim();
    if (!value.matches("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d")
        || value.substring(0, 5).compareTo(value.substring(6)) >= 0) {
      throw new ConfigError(key, r.origin(key), "must be a time window HH:mm-HH:mm with the"
          + " start before the end, e.g. 18:00-21:00, got '" + value + "'");
    }
    return value;
  }

  private static boolean inside(String window, String outer) {
    return window.substring(0, 5).compareTo(outer.substring(0, 5)) >= 0
        && window.substring(6).compareTo(outer.substring(6)) <= 0;
  }
}
