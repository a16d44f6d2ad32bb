package com.visitrank.cli;

import com.visitrank.config.ConfigError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code visitrank <job> [--conf FILE] [--set key=value]...}: the entry point of every job, locally
 * (bin/visitrank) and under spark-submit.
 *
 * <p>Exit codes: 0 success; 1 the job failed; 2 bad usage or configuration; 3 a missing or
 * unusable input.
 */
@Command(name = "visitrank", mixinStandardHelpOptions = true, version = "visitrank 0.1.0",
    description = "Overdue-risk prediction and field-visit targeting on Apache Spark.",
    subcommands = {GenerateCommand.class, IngestCommand.class, FeaturesCommand.class,
        TrainCommand.class, TargetCommand.class, SimulateCommand.class, EvaluateCommand.class,
        PipelineCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success, 1 job failed, 2 bad usage or configuration,"
        + " 3 missing or unusable input.", "Run 'visitrank <job> --help' for a job's options."})
public final class Main implements Runnable {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int BAD_INPUT = 3;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (no {@code System.exit}). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Failure failure = Failure.of(e);
      System.err.println(commandLine.getCommandSpec().qualifiedName() + ": " + failure.message());
      if (System.getenv("VISITRANK_DEBUG") != null) {
        e.printStackTrace();
      }
      return failure.code();
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this),
        "Missing job name: try 'visitrank pipeline', or 'visitrank --help'");
  }

  /** The failure as one line: its message without stack or nested detail. */
  static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    if (e instanceof ConfigError) {
      return message.replace('\n', ' ');
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
