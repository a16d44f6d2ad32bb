package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.IngestSettings;
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
  private IngestSettings ingest;
  private FeaturesSettings features;

  @Override
  String job() {
    return "pipeline";
  }

  @Override
  List<String> sections() {
    return List.of("ingest", "features");
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
    ingest = IngestSettings.read(reader);
    features = FeaturesSettings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    PipelineJob.Result result = new PipelineJob(context, common, ingest, features).run();
    List<String> lines = new ArrayList<>();
    if (!result.staged().isEmpty()) {
      lines.add("staged from " + common.samples() + ": " + String.join(", ", result.staged()));
    }
    lines.add("as-of date: " + result.asOf());
    lines.addAll(IngestCommand.summary(context, result.ingest()));
    lines.addAll(FeaturesCommand.summary(context, result.features()));
    lines.add("(train, target and the report join this chain as they land)");
    return lines;
  }
}
