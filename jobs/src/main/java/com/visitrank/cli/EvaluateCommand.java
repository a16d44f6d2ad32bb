package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.EvaluateSettings;
import com.visitrank.jobs.EvaluateJob;
import com.visitrank.jobs.JobContext;
import com.visitrank.report.HtmlReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code visitrank evaluate}. */
@Command(name = "evaluate",
    description = "Evaluate the randomised visit plans whose follow-up windows have passed and"
        + " write the committee report (English and Chinese).",
    footer = {"", "Keys: visitrank.as-of (required), evaluate.* (see README). Example:",
        "  bin/visitrank evaluate --set visitrank.as-of=2025-12-31"})
final class EvaluateCommand extends JobCommand {

  private CommonSettings common;
  private EvaluateSettings settings;

  @Override
  String job() {
    return "evaluate";
  }

  @Override
  List<String> sections() {
    return List.of("evaluate");
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
    settings = EvaluateSettings.read(reader);
    common.requireAsOf(job());
  }

  @Override
  List<String> execute(JobContext context) {
    return summary(context, new EvaluateJob(context, settings, common.requireAsOf(job())).run());
  }

  /** Tables written, the headline and where the report is. */
  static List<String> summary(JobContext context, EvaluateJob.Result result) {
    List<String> lines = new ArrayList<>(tableLines(result.rows(),
        context.warehouse().path("evaluation")));
    HtmlReport.Headline h = HtmlReport.headline(result.data());
    if (h == null) {
      lines.add("no plan has a matured window with enough loans in both groups yet");
    } else {
      lines.add(String.format(Locale.ROOT, "recovered in %d days per planned loan: %+,.0f"
              + " (95%% interval %+,.0f .. %+,.0f, p = %.3f%s); visit cost %,.0f;"
              + " decision: %s", h.horizon(), h.perLoan(), h.low(), h.high(), h.pValue(),
          h.cupedUsed() ? ", CUPED" : "", h.spent(), h.decision()));
    }
    lines.add("report: " + result.reportDir() + "/" + HtmlReport.INDEX + " ("
        + HtmlReport.Language.EN.fileName() + ", " + HtmlReport.Language.ZH.fileName() + ")");
    return lines;
  }
}
