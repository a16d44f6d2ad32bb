package com.visitrank.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code visitrank bench <name>}: benchmarks and quality measurements that print their figures as
 * {@code name = value} lines.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks and model/decision-quality measurements (name = value lines).",
    subcommands = {BenchFeaturesCommand.class, ModelUciCommand.class, ModelTruthCommand.class,
        TargetingBenchCommand.class, BenchCoverageCommand.class,
        BenchScaleCommand.class, BenchClusterCommand.class})
final class BenchCommand implements Runnable {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing benchmark name: see 'visitrank bench --help'");
  }
}
