package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigError;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.SimulateSettings;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.SimulateJob;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank simulate}. */
@Command(name = "simulate",
    description = "Continue a generated world by one month under the visit plan of the as-of date:"
        + " visits, payments, contacts and loan events of the next month into raw/, its truth"
        + " into truth/ (generated data only).",
    footer = {"", "Keys: visitrank.as-of (required: the month end where the data ends),"
        + " simulate.* (see README). Example:",
        "  bin/visitrank simulate --set visitrank.as-of=2025-12-31"})
final class SimulateCommand extends JobCommand {

  private LocalDate asOf;
  private SimulateSettings settings;

  @Override
  String job() {
    return "simulate";
  }

  @Override
  List<String> sections() {
    return List.of("simulate");
  }

  @Override
  void readSettings(ConfigReader reader) {
    settings = SimulateSettings.read(reader);
    asOf = CommonSettings.read(reader).requireAsOf(job());
    if (!asOf.equals(YearMonth.from(asOf).atEndOfMonth())) {
      throw new ConfigError("visitrank.as-of", reader.config().getValue("visitrank.as-of")
          .origin().description(), "must be a month end for simulate (the end of the data),"
          + " got " + asOf + "; e.g. " + YearMonth.from(asOf).atEndOfMonth());
    }
  }

  @Override
  List<String> execute(JobContext context) {
    return summary(context, new SimulateJob(context, settings, asOf).run());
  }

  /** Rows added per table and what the visits found. */
  static List<String> summary(JobContext context, SimulateJob.Result result) {
    List<String> lines = new ArrayList<>(tableLines(result.newRows(), context.warehouse().root()));
    lines.addAll(SimulateJob.describe(result));
    return lines;
  }
}
