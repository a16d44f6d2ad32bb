package com.visitrank.cli;

import com.visitrank.config.CommonSettings;
import com.visitrank.config.ConfigReader;
import com.visitrank.config.FeaturesSettings;
import com.visitrank.config.TrainSettings;
import com.visitrank.jobs.JobContext;
import com.visitrank.jobs.TrainJob;
import com.visitrank.model.BinaryMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code visitrank train}. */
@Command(name = "train",
    description = "Train the delinquency model out of time, register it and choose the"
        + " champion.",
    footer = {"", "Keys: visitrank.as-of (required), train.* and features.labels.* (see README)."
        + " Example:", "  bin/visitrank train --set visitrank.as-of=2025-12-31"})
final class TrainCommand extends JobCommand {

  private CommonSettings common;
  private TrainSettings settings;
  private FeaturesSettings features;

  @Override
  String job() {
    return "train";
  }

  @Override
  List<String> sections() {
    return List.of("features", "train");
  }

  @Override
  void readSettings(ConfigReader reader) {
    common = CommonSettings.read(reader);
    settings = TrainSettings.read(reader);
    features = FeaturesSettings.read(reader);
    common.requireAsOf(job());
  }

  @Override
  List<String> execute(JobContext context) {
    return summary(new TrainJob(context, settings, features, common.requireAsOf(job())).run());
  }

  /** The candidates' figures, the champion decision and the best model's validation detail. */
  static List<String> summary(TrainJob.Result result) {
    List<String> lines = new ArrayList<>();
    lines.add("fit on " + result.fitDates() + ", validated on " + result.validationDates());
    lines.add(String.format("rows: fit %,d, calibration %,d, validation %,d", result.rows()[0],
        result.rows()[1], result.rows()[2]));
    for (int i = 0; i < result.fitted().models().size(); i++) {
      BinaryMetrics.Summary s = result.fitted().evaluations().get(i).summary();
      lines.add(String.format("%-9s auc = %.4f  gini = %.4f  ks = %.4f  pr_auc = %.4f"
              + "  brier = %.4f", result.fitted().models().get(i).kind(), s.auc(), s.gini(),
          s.ks(), s.prAuc(), s.brier()));
    }
    TrainJob.Evaluation best = result.fitted().bestEvaluation();
    lines.add(String.format("registered %s (%s) at %s", result.version(),
        result.fitted().best().kind(), result.path()));
    lines.add(result.decision());
    lines.add("decile  rows  bads  predicted  observed  capture  lift");
    for (BinaryMetrics.Decile d : best.deciles()) {
      lines.add(String.format("%6d %5d %5d %10.3f %9.3f %8.3f %5.2f", d.decile(), d.rows(),
          d.positives(), d.meanProbability(), d.observedRate(), d.captureRate(), d.lift()));
    }
    lines.add(String.format("score psi = %.4f (%s)", best.scorePsi(),
        BinaryMetrics.psiFlag(best.scorePsi())));
    for (Map.Entry<String, Double> e : best.featurePsi().entrySet()) {
      if (e.getValue() >= 0.1) {
        lines.add(String.format("feature psi %s = %.4f (%s)", e.getKey(), e.getValue(),
            BinaryMetrics.psiFlag(e.getValue())));
      }
    }
    return lines;
  }
}
