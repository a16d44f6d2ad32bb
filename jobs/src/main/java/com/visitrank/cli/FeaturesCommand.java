package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.jobs.FeaturesJob;
import com.visitrank.jobs.JobContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code visitrank features}. */
@Command(name = "features",
    description = "Point-in-time features and labels of every active loan at the as-of date"
        + " (and month ends before it).",
    footer = {"", "Keys: visitrank.as-of (required), features.* (see README). Example:",
        "  bin/visitrank features --set visitrank.as-of=2025-12-31"
            + " --set features.history-months=12"})
final class FeaturesCommand extends JobCommand {

  private CommonSettings common;
  private FeaturesSettings settings;

  @Override
  String job() {
    return "features";
  }

  @Override
  List<String> sections() {
    return List.of("features");
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
    settings = FeaturesSettings.read(reader);
    common.requireAsOf(job());
  }

  @Override
  List<String> execute(JobContext context) {
    return summary(context,
        new FeaturesJob(context, settings, common.requireAsOf(job())).run());
  }

  /** Rows per as-of date and where the table is. */
  static List<String> summary(JobContext context, FeaturesJob.Result result) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<LocalDate, Long> entry : result.rowsByDate().entrySet()) {
      lines.add(String.format("features/%s as_of_date=%s %,10d loans", FeaturesJob.TABLE,
          entry.getKey(), entry.getValue()));
    }
    lines.add("features: " + context.warehouse().path("features", FeaturesJob.TABLE));
    return lines;
  }
}
