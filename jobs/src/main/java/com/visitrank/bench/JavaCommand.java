package com.visitrank.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/** The Java of this JVM and the flags Spark needs on it, for the processes a benchmark starts. */
final class JavaCommand {

  private JavaCommand() {}

  /** The {@code java} executable of the running JVM (the Java 17 bin/visitrank checked). */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * This JVM's module opens and the system properties Spark needs on Java 17 (bin/visitrank's
   * {@code JVM_FLAGS}), so that a child JVM runs Spark as this one does.
   */
  static List<String> sparkFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-opens") || flag.startsWith("-Djdk.reflect.")
            || flag.startsWith("-Dio.netty."))
        .toList();
  }
}
