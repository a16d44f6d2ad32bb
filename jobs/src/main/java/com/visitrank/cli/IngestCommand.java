package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.IngestSettings;
import com.visitrank.jobs.IngestJob;
import com.visitrank.jobs.JobContext;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank ingest}. */
@Command(name = "ingest",
    description = "Validate raw tables into clean/ and quarantine every bad row with a reason.",
    footer = {"", "Keys: visitrank.as-of (required), ingest.* (see README). Example:",
        "  bin/visitrank ingest --set visitrank.as-of=2025-12-31"})
final class IngestCommand extends JobCommand {

  private CommonSettings common;
  private IngestSettings settings;

  @Override
  String job() {
    return "ingest";
  }

  @Override
  List<String> sections() {
    return List.of("ingest");
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
    settings = IngestSettings.read(reader);
    common.requireAsOf(job());
  }

  @Override
  List<String> execute(JobContext context) {
    IngestJob.Result result = new IngestJob(context, settings, common.requireAsOf(job())).run();
    return summary(context, result);
  }

  /** The data-quality table and where the clean and quarantined rows are. */
  static List<String> summary(JobContext context, IngestJob.Result result) {
    List<String> lines = new ArrayList<>(IngestJob.describe(result));
    lines.add("clean tables: " + context.warehouse().path("clean") + "/<table>");
    lines.add("quarantine:   " + context.warehouse().path("quarantine", IngestJob.QUARANTINE_TABLE)
        + "/as_of_date=" + result.asOf());
    return lines;
  }
}
