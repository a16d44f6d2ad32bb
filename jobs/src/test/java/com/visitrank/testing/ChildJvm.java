package com.visitrank.testing;

import com.visitrank.cli.Main;
import com.visitrank.io.FaultPoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a child JVM on the test class path, with the JVM flags Spark needs,
 * so that a test can kill it: {@code haltAt} sets the {@link FaultPoint} at which the child
 * halts like a process killed by SIGKILL. The child's temporary files (Spark's block manager
 * and scratch directories, which a killed JVM cannot remove) go under {@code scratch/tmp}, so
 * that they go with the test's own directory.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /** Exit code and the child's standard output and error (merged). */
  public record Run(int code, String output) {}

  public static Run run(Path scratch, String haltAt, String... args)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("-Djdk.reflect")
          || flag.startsWith("-Dio.netty")) {
        command.add(flag);
      }
    }
    Path tmp = Files.createDirectories(scratch.resolve("tmp"));
    command.add("-Djava.io.tmpdir=" + tmp);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    if (haltAt != null) {
      command.add("-D" + FaultPoint.PROPERTY + "=" + haltAt);
    }
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    command.addAll(List.of("--set", "spark.master=local[2]",
        "--set", "spark.sql.shuffle.partitions=2", "--set", "spark.default.parallelism=2"));
    Path log = Files.createTempFile(scratch, "child-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("child JVM did not end in 10 minutes: "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
