package com.visitrank.cli;

import com.visitrank.config.ConfigReader;
import com.visitrank.config.GenerateSettings;
import com.visitrank.jobs.GenerateJob;
import com.visitrank.jobs.JobContext;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code visitrank generate}. */
@Command(name = "generate",
    description = "Generate a synthetic bank: raw tables under raw/ and its hidden truth under"
        + " truth/.",
    footer = {"", "Keys: generate.* (see README). Example:",
        "  bin/visitrank generate --set generate.loans=100000 --set generate.seed=7"})
final class GenerateCommand extends JobCommand {

  private GenerateSettings settings;

  @Override
  String job() {
    return "generate";
  }

  @Override
  List<String> sections() {
    return List.of("generate");
  }

  @Override
  void readSettings(ConfigReader reader) {
    settings = GenerateSettings.read(reader);
  }

  @Override
  List<String> execute(JobContext context) {
    GenerateJob.Result result = new GenerateJob(context, settings).run();
    List<String> lines = tableLines(result.rows(), context.warehouse().root());
    lines.addAll(GenerateJob.describe(result.headlines()));
    return lines;
  }
}
