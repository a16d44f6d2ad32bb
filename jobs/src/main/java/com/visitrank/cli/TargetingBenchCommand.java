package com.visitrank.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigError;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.SimulateSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.TargetingBench;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code visitrank bench targeting}. */
@Command(name = "targeting",
    description = "Decision quality of target against the generated truth: true gain per visit"
        + " of the plan, the rule of thumb and the oracle at the same visits per region.",
    footer = {"", "Keys: bench.loans (0 = data-samples; else a generated world of that many loans"
        + " with bench.past-campaigns past campaigns, default 2), bench.cycles (simulated months"
        + " planned and measured after the first plan), generate.seed (the world's seed, default"
        + " 42; bench.seed is refused here), bench.scorer (champion, the default: the train job's"
        + " model, as the pipeline plans; logistic; truth), target.*, train.*, simulate.*. Runs in"
        + " <visitrank.warehouse>/bench-targeting/. Examples:",
        "  bin/visitrank bench targeting --set bench.loans=20000",
        "  bin/visitrank bench targeting --set target.horizon-days=1 --set bench.cycles=1",
        "  bin/visitrank bench targeting --set bench.loans=20000 --set bench.scorer=logistic",
        "  bin/visitrank bench targeting --set bench.loans=20000 --set bench.past-campaigns=0"
            + " --set bench.cycles=1"})
final class TargetingBenchCommand extends JobCommand {

  private Config config;
  private CommonSettings common;
  private TargetSettings target;
  private TrainSettings train;
  private String scorer;
  private IngestSettings ingest;
  private FeaturesSettings features;
  private SimulateSettings simulate;
  private Optional<GenerateSettings> generate;
  private int cycles;

  @Override
  String job() {
    return "bench-targeting";
  }

  @Override
  List<String> sections() {
    return List.of("train", "target", "simulate", "bench");
  }

  @Override
  void readSettings(ConfigReader reader) {
    int loans = reader.integer("bench.loans", 0, 10_000_000);
    config = reader.config();
    String seedOrigin = reader.origin("bench.seed");
    if (!seedOrigin.contains("reference.conf")) {
      throw new ConfigError("bench.seed", seedOrigin, "does not choose bench targeting's world:"
          + " its seed is generate.seed (default 42); use --set generate.seed=N");
    }
    common = CommonSettings.read(reader);
    target = TargetSettings.read(reader);
    train = TrainSettings.read(reader);
    scorer = reader.oneOf("bench.scorer", TargetingBench.SCORERS);
    ingest = IngestSettings.read(reader);
    features = FeaturesSettings.read(reader);
    simulate = SimulateSettings.read(reader);
    cycles = reader.integer("bench.cycles", 0, 12);
    int campaigns = reader.integer("bench.past-campaigns", 0, 12);
    generate = loans == 0 ? Optional.empty() : Optional.of(GenerateSettings.read(new ConfigReader(
        config.withValue("generate.loans", ConfigValueFactory.fromAnyRef(loans))
            .withValue("generate.past-visit-cycles", ConfigValueFactory.fromAnyRef(campaigns)))));
  }

  @Override
  List<String> execute(JobContext context) {
    TargetingBench.Result r = new TargetingBench(context, config, common, target, train,
        scorer, ingest, features, simulate, generate, cycles).run();
    List<String> lines = new ArrayList<>(figures(r.first(), ""));
    for (int i = 0; i < r.cycles().size(); i++) {
      lines.addAll(figures(r.cycles().get(i), "cycle_" + (i + 2) + "_"));
    }
    for (int i = 0; i < r.cycles().size(); i++) {
      lines.add(String.format("cycle_%d_vs_1_gain_per_visit = %.3f", i + 2,
          r.cycles().get(i).planGain() / r.first().planGain()));
      lines.add(String.format("cycle_%d_vs_1_gain_per_selected = %.3f", i + 2,
          r.cycles().get(i).selectedGain() / r.first().selectedGain()));
    }
    return lines;
  }

  private static List<String> figures(TargetingBench.Figures f, String prefix) {
    List<String> lines = new ArrayList<>();
    lines.add(prefix + "as_of_date = " + f.asOf());
    lines.add(prefix + "capacity = " + f.capacity());
    lines.add(prefix + "eligible = " + f.eligible());
    lines.add(prefix + "visits = " + f.visits());
    lines.add(prefix + "held_out = " + f.target().heldOut());
    lines.add(prefix + "uplift_source = " + f.target().upliftSource());
    lines.add(String.format("%suplift_rows = %d visited / %d control", prefix,
        f.target().upliftRows()[0], f.target().upliftRows()[1]));
    f.target().qini().ifPresent(q -> {
      lines.add(String.format("%sqini_area = %.1f", prefix, q.area()));
      lines.add(String.format("%sqini_random_area = %.1f", prefix, q.randomArea()));
    });
    lines.add(String.format("%sgain_per_visit_plan = %.2f", prefix, f.planGain()));
    lines.add(String.format("%sgain_per_selected_plan = %.2f", prefix, f.selectedGain()));
    lines.add(String.format("%sgain_per_visit_rule = %.2f", prefix, f.ruleGain()));
    lines.add(String.format("%sgain_per_visit_oracle = %.2f", prefix, f.oracleGain()));
    lines.add(String.format("%sgain_per_visit_rule_past_due = %.2f", prefix,
        f.ruleGainPastDue()));
    lines.add(String.format("%sgain_per_visit_oracle_past_due = %.2f", prefix,
        f.oracleGainPastDue()));
    lines.add(String.format("%splan_vs_rule = %.3f", prefix, f.planVsRule()));
    lines.add(String.format("%splan_vs_oracle = %.3f", prefix, f.planVsOracle()));
    lines.add(String.format("%sgain_per_selected_rule = %.2f", prefix, f.selectedRuleGain()));
    lines.add(String.format("%sgain_per_selected_oracle = %.2f", prefix,
        f.selectedOracleGain()));
    lines.add(String.format("%sselected_plan_vs_rule = %.3f", prefix, f.selectedVsRule()));
    lines.add(String.format("%sselected_plan_vs_oracle = %.3f", prefix, f.selectedVsOracle()));
    lines.add(String.format("%soracle_control_ceiling = %.3f", prefix, f.controlCeiling()));
    return lines;
  }
}
