package com.visitrank.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.GenerateSettings;
import com.visitrank.config.IngestSettings;
import com.visitrank.config.TargetSettings;
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
        + " with 2 past campaigns), target.*. Runs in <visitrank.warehouse>/bench-targeting/."
        + " Example:", "  bin/visitrank bench targeting --set bench.loans=20000"})
final class TargetingBenchCommand extends JobCommand {

  private Config config;
  private CommonSettings common;
  private TargetSettings target;
  private IngestSettings ingest;
  private FeaturesSettings features;
  private Optional<GenerateSettings> generate;

  @Override
  String job() {
    return "bench-targeting";
  }

  @Override
  List<String> sections() {
    return List.of("target", "bench");
  }

  @Override
  void readSettings(ConfigReader reader) {
    int loans = reader.integer("bench.loans", 0, 10_000_000);
    config = reader.config();
    common = CommonSettings.read(reader);
    target = TargetSettings.read(reader);
    ingest = IngestSettings.read(reader);
    features = FeaturesSettings.read(reader);
    generate = loans == 0 ? Optional.empty() : Optional.of(GenerateSettings.read(new ConfigReader(
        config.withValue("generate.loans", ConfigValueFactory.fromAnyRef(loans))
            .withValue("generate.past-visit-cycles", ConfigValueFactory.fromAnyRef(2)))));
  }

  @Override
  List<String> execute(JobContext context) {
    TargetingBench.Result r = new TargetingBench(context, config, common, target, ingest,
        features, generate).run();
    List<String> lines = new ArrayList<>();
    lines.add("as_of_date = " + r.asOf());
    lines.add("eligible = " + r.target().eligible());
    lines.add("visits = " + r.visits());
    lines.add("held_out = " + r.target().heldOut());
    lines.add("uplift_source = " + r.target().upliftSource());
    r.target().qini().ifPresent(q -> {
      lines.add(String.format("qini_area = %.1f", q.area()));
      lines.add(String.format("qini_random_area = %.1f", q.randomArea()));
    });
    lines.add(String.format("gain_per_visit_plan = %.2f", r.planGain()));
    lines.add(String.format("gain_per_visit_rule = %.2f", r.ruleGain()));
    lines.add(String.format("gain_per_visit_oracle = %.2f", r.oracleGain()));
    lines.add(String.format("plan_vs_rule = %.3f", r.planVsRule()));
    lines.add(String.format("plan_vs_oracle = %.3f", r.planVsOracle()));
    return lines;
  }
}
