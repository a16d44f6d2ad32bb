package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.TargetSettings;
import com.visitrank.io.Warehouse;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.ModelRegistry;
import com.visitrank.jobs.TargetJob;
import com.visitrank.schema.TargetTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code visitrank target}. */
@Command(name = "target",
    description = "Rank overdue loans by the expected gain of a visit, plan the visits under each"
        + " team's capacity and hold out a random control group.",
    footer = {"", "Keys: visitrank.as-of (required), target.* (see README). Needs a champion"
        + " model (bin/visitrank train). Example:",
        "  bin/visitrank target --set visitrank.as-of=2025-12-31"})
final class TargetCommand extends JobCommand {

  private CommonSettings common;
  private TargetSettings settings;
  private FeaturesSettings features;

  @Override
  String job() {
    return "target";
  }

  @Override
  List<String> sections() {
    return List.of("target", "features");
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
    settings = TargetSettings.read(reader);
    features = FeaturesSettings.read(reader);
    common.requireAsOf(job());
  }

  @Override
  List<String> execute(JobContext context) {
    TargetJob.Result result = new TargetJob(context, settings, features,
        common.requireAsOf(job()), ModelRegistry.champion(context.warehouse(),
            settings.modelName())).run();
    return summary(context, result);
  }

  /** Eligible, planned, held out, visits per team, expected gain and where the tables are. */
  static List<String> summary(JobContext context, TargetJob.Result result) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "eligible %,d; planned %,d; held out (control) %,d;"
            + " expected gain of the planned visits %,.0f (uplift from %s)", result.eligible(),
        result.planned(), result.heldOut(), result.expectedGain(), result.upliftSource()));
    StringBuilder excluded = new StringBuilder();
    for (Map.Entry<String, Long> e : result.exclusions().entrySet()) {
      excluded.append(excluded.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
          .append(String.format("%,d", e.getValue()));
    }
    if (excluded.length() > 0) {
      lines.add("not eligible: " + excluded);
    }
    result.byTeam().forEach((team, visits) -> lines.add(String.format("  team %-10s %,6d visits",
        team, visits)));
    result.qini().ifPresent(q -> lines.add(String.format(Locale.ROOT,
        "uplift model Qini area %.0f vs random %.0f (held-out past plans)", q.area(),
        q.randomArea())));
    Warehouse warehouse = context.warehouse();
    lines.add("targets: " + warehouse.path(Warehouse.TARGETS, TargetTables.VISIT_TARGETS)
        + " (restricted contacts: " + warehouse.path(Warehouse.TARGETS,
            TargetTables.VISIT_CONTACTS) + ")");
    return lines;
  }
}
