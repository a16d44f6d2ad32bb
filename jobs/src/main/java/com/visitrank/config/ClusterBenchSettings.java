package com.visitrank.config;

import java.time.Duration;
import java.util.List;

/**
 * Settings of {@code bench cluster} ({@code bench.cluster.*}).
 *
 * @param masterPort RPC port of the standalone master
 * @param uiPort web UI port of the master; the workers use {@code uiPort + 1} and {@code + 2}
 * @param workerMemory memory each worker offers its executors, e.g. {@code 2g}
 * @param executorMemory memory of each executor
 * @param driverMemory heap of the submitted driver
 * @param until the pipeline's last job in the compared runs ({@code pipeline.until})
 * @param trainCandidates the model candidates of the compared runs ({@code train.candidates})
 * @param killWorker whether to run again and kill a worker in the middle of a job
 * @param timeout longest a submitted run may take
 * @param jar the shaded jar to submit; empty = the jar this command runs from
 */
public record ClusterBenchSettings(int masterPort, int uiPort, String workerMemory,
    String executorMemory, String driverMemory, String until, String trainCandidates,
    boolean killWorker, Duration timeout, String jar) {

  private static final String MEMORY = "[0-9]+[mg]";

  public static ClusterBenchSettings read(ConfigReader r) {
    return new ClusterBenchSettings(
        r.integer("bench.cluster.master-port", 1024, 65535),
        r.integer("bench.cluster.ui-port", 1024, 65533),
        memory(r, "bench.cluster.worker-memory"),
        memory(r, "bench.cluster.executor-memory"),
        memory(r, "bench.cluster.driver-memory"),
        r.oneOf("bench.cluster.until", List.of("ingest", "features", "train", "target",
            "evaluate")),
        r.nonEmptyString("bench.cluster.train-candidates"),
        r.bool("bench.cluster.kill-worker"),
        Duration.ofMinutes(r.integer("bench.cluster.timeout-minutes", 1, 24 * 60)),
        r.string("bench.cluster.jar"));
  }

  private static String memory(ConfigReader r, String key) {
    String value = r.string(key);
    if (!value.matches(MEMORY)) {
      throw new ConfigError(key, r.origin(key), "must be a size like 512m or 2g, got '"
          + value + "'");
    }
    return value;
  }
}
