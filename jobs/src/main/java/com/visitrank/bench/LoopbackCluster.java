package com.visitrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on loopback: one master and two one-core workers, started as child
 * processes from a {@code SPARK_HOME} whose {@code jars/} holds Spark's own jars. Every process it
 * starts (and the drivers it is asked to track) is killed by PID, with its children (executors),
 * by {@link #close()} and, should the JVM end first, by a shutdown hook.
 */
public final class LoopbackCluster implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(500);

  /**
   * Where and how the cluster runs.
   *
   * @param sparkHome folder with {@code jars/} (Spark's jars)
   * @param scalaVersion Scala binary version of those jars, e.g. {@code 2.12}
   * @param logs folder for the processes' output
   * @param masterPort RPC port of the master
   * @param uiPort web UI port of the master; workers use {@code uiPort + 1} and {@code + 2}
   * @param workerMemory memory each worker offers, e.g. {@code 2g}
   */
  public record Layout(Path sparkHome, String scalaVersion, Path logs, int masterPort,
      int uiPort, String workerMemory) {

    /** The master URL drivers connect to. */
    public String masterUrl() {
      return "spark://" + HOST + ":" + masterPort;
    }

    /** The environment every Spark process of this cluster needs. */
    public Map<String, String> environment() {
      return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", scalaVersion,
          "SPARK_LOCAL_IP", HOST);
    }

    /** The class path of Spark's own jars. */
    public String classPath() {
      return sparkHome.resolve("jars") + "/*";
    }
  }

  private static final int WORKERS = 2;

  private final Layout layout;
  private final List<Process> tracked = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "visitrank-cluster-stop");
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private LoopbackCluster(Layout layout) {
    this.layout = layout;
  }

  /** Starts the master and two workers and waits until both workers are alive. */
  public static LoopbackCluster start(Layout layout) throws IOException {
    LoopbackCluster cluster = new LoopbackCluster(layout);
    Runtime.getRuntime().addShutdownHook(cluster.hook);
    try {
      Files.createDirectories(layout.logs());
      cluster.track(cluster.launch("master", List.of("org.apache.spark.deploy.master.Master",
          "--host", HOST, "--port", String.valueOf(layout.masterPort()),
          "--webui-port", String.valueOf(layout.uiPort()))));
      for (int i = 1; i <= WORKERS; i++) {
        Path workDir = layout.logs().resolve("worker-" + i + "-work");
        Files.createDirectories(workDir);
        Process worker = cluster.launch("worker-" + i, List.of(
            "org.apache.spark.deploy.worker.Worker", "--host", HOST, "--cores", "1",
            "--memory", layout.workerMemory(), "--webui-port",
            String.valueOf(layout.uiPort() + i), "--work-dir", workDir.toString(),
            layout.masterUrl()));
        cluster.track(worker);
        cluster.workers.add(worker);
      }
      cluster.awaitAliveWorkers(WORKERS);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The master URL drivers connect to. */
  public String masterUrl() {
    return layout.masterUrl();
  }

  /** Kills {@code process} (and its children) with the cluster, whatever happens. */
  public synchronized void track(Process process) {
    tracked.add(process);
  }

  /** PIDs of worker {@code n}'s (1 or 2) executors: its child processes. */
  public List<Long> executorPids(int n) {
    return workers.get(n - 1).descendants().map(ProcessHandle::pid).toList();
  }

  /**
   * Kills worker {@code n} (1 or 2) and its executors at once ({@code kill -9}), as a machine
   * failure would; returns the PIDs killed.
   */
  public List<Long> killWorker(int n) {
    Process worker = workers.get(n - 1);
    List<Long> killed = new ArrayList<>();
    killed.add(worker.pid());
    worker.descendants().forEach(child -> {
      killed.add(child.pid());
      child.destroyForcibly();
    });
    worker.destroyForcibly();
    return killed;
  }

  private Process launch(String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(JavaCommand.java(), "-Xmx512m", "-cp",
        layout.classPath()));
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(layout.logs().resolve(name + ".log").toFile());
    builder.environment().putAll(layout.environment());
    return builder.start();
  }

  private void awaitAliveWorkers(int wanted) {
    URI status = URI.create("http://" + HOST + ":" + layout.uiPort() + "/json/");
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    ObjectMapper json = new ObjectMapper();
    int alive = 0;
    while (Instant.now().isBefore(deadline)) {
      for (Process process : tracked) {
        if (!process.isAlive()) {
          throw new IllegalStateException("A cluster process ended at start-up (exit "
              + process.exitValue() + "): see the logs in " + layout.logs());
        }
      }
      try {
        String body = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        alive = 0;
        for (JsonNode worker : json.readTree(body).path("workers")) {
          if ("ALIVE".equals(worker.path("state").asText())) {
            alive++;
          }
        }
        if (alive >= wanted) {
          return;
        }
      } catch (IOException notYet) {
        // The master's web UI is not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the cluster started", e);
      }
      Pause.of(POLL);
    }
    throw new IllegalStateException("The cluster was not ready after " + READY_TIMEOUT.toSeconds()
        + " s (" + alive + " of " + wanted + " workers alive at " + status + "): see the logs in "
        + layout.logs() + "; are ports " + layout.masterPort() + " and " + layout.uiPort()
        + ".." + (layout.uiPort() + WORKERS) + " free? (bench.cluster.master-port, ui-port)");
  }

  /** Stops every process it started or tracks, children first, by PID. */
  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing left to remove.
    }
  }

  private synchronized void killAll() {
    for (int i = tracked.size() - 1; i >= 0; i--) {
      Process process = tracked.get(i);
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    for (Process process : tracked) {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
