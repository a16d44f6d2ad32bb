package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.PipelineJob;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank pipeline}. */
@Command(name = "pipeline",
    description = "Run the jobs in order for one as-of date on the warehouse (a fresh warehouse"
        + " starts from data-samples/).")
final class PipelineCommand extends JobCommand {

  private CommonSettings common;

  @Override
  String job() {
    return "pipeline";
  }

  @Override
  List<String> sections() {
    return List.of();
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    PipelineJob.Result result = new PipelineJob(context, common).run();
    List<String> lines = new ArrayList<>();
    if (!result.staged().isEmpty()) {
      lines.add("staged from " + common.samples() + ": " + String.join(", ", result.staged()));
    }
    lines.addAll(tableLines(result.rawRows(), context.warehouse().root()));
    lines.add("outputs are under " + context.warehouse().root()
        + "/ (ingest, features, train, target and the report join this chain as they land)");
    return lines;
  }
}
