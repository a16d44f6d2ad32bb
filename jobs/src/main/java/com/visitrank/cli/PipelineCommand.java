package com.visitrank.cli;

import com.visitrank.config.ConfigReader;
import com.visitrank.config.PipelineSettings;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.PipelineJob;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visitrank pipeline}. */
@Command(name = "pipeline",
    description = "Run the jobs in order for one as-of date on the warehouse (a fresh warehouse"
        + " starts from data-samples/): ingest, features, train (when due), target, evaluate"
        + " and the committee report; with --cycles N, N more simulated months.",
    footer = {"", "Keys: visitrank.*, pipeline.* and every job's own (see README). Examples:",
        "  bin/visitrank pipeline", "  bin/visitrank pipeline --cycles 2"})
final class PipelineCommand extends JobCommand {

  @Option(names = "--cycles", paramLabel = "N",
      description = "Simulated months after the first run (generated data only): each simulates"
          + " the previous plan's visits and the month's repayments, then runs the jobs again."
          + " Default: pipeline.cycles (0).")
  Integer cycles;

  private PipelineJob.Settings settings;

  @Override
  String job() {
    return "pipeline";
  }

  @Override
  List<String> sections() {
    return List.of("pipeline", "ingest", "features", "train", "target", "simulate", "evaluate");
  }

  @Override
  void readSettings(ConfigReader reader) {
    PipelineSettings pipeline = PipelineSettings.read(reader);
    if (cycles != null) {
      if (cycles < 0 || cycles > 60) {
        throw new com.visitrank.config.ConfigError("Bad option --cycles " + cycles
            + ": give a number of months from 0 to 60");
      }
      pipeline = pipeline.withCycles(cycles);
    }
    settings = PipelineJob.Settings.read(reader).with(pipeline);
  }

  @Override
  List<String> execute(JobContext context) {
    PipelineJob.Result result = new PipelineJob(context, settings).run();
    List<String> lines = new ArrayList<>();
    if (!result.staged().isEmpty()) {
      lines.add("staged from " + settings.common().samples() + ": "
          + String.join(", ", result.staged()));
    }
    for (PipelineJob.Cycle cycle : result.cycles()) {
      lines.add("");
      lines.add("== as of " + cycle.asOf());
      cycle.simulated().ifPresent(s -> lines.addAll(SimulateCommand.summary(context, s)));
      lines.addAll(IngestCommand.summary(context, cycle.ingest()));
      cycle.features().ifPresent(f -> lines.addAll(FeaturesCommand.summary(context, f)));
      cycle.train().ifPresent(t -> lines.addAll(TrainCommand.summary(t)));
      cycle.target().ifPresent(t -> lines.addAll(TargetCommand.summary(context, t)));
      cycle.evaluate().ifPresent(e -> lines.addAll(EvaluateCommand.summary(context, e)));
    }
    lines.add("");
    lines.add("tables: " + context.warehouse().root() + " (clean/, features/, models/,"
        + " targets/, evaluation/)");
    result.last().evaluate().ifPresent(e -> lines.add("committee report: " + e.reportDir()
        + "/index.html"));
    return lines;
  }
}
