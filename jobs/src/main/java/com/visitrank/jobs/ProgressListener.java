package com.visitrank.jobs;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Prints stage progress of long steps ("stage 3: 12/40 tasks, 1,204,311 rows written") at most
 * every few seconds, so that a long job shows it is moving without flooding the console.
 */
final class ProgressListener extends SparkListener {

  private static final long INTERVAL_MILLIS = 5_000;

  private final PrintStream out;
  private final ConcurrentHashMap<Integer, Integer> tasksPerStage = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, AtomicInteger> donePerStage = new ConcurrentHashMap<>();
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong lastPrint = new AtomicLong(System.currentTimeMillis());

  ProgressListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    tasksPerStage.put(event.stageInfo().stageId(), event.stageInfo().numTasks());
    donePerStage.put(event.stageInfo().stageId(), new AtomicInteger());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    AtomicInteger done = donePerStage.computeIfAbsent(event.stageId(), k -> new AtomicInteger());
    int finished = done.incrementAndGet();
    if (event.taskMetrics() != null) {
      rowsWritten.addAndGet(event.taskMetrics().outputMetrics().recordsWritten());
    }
    long now = System.currentTimeMillis();
    long last = lastPrint.get();
    if (now - last >= INTERVAL_MILLIS && lastPrint.compareAndSet(last, now)) {
      out.printf("      ... stage %d: %d/%d tasks, %,d rows written so far%n", event.stageId(),
          finished, tasksPerStage.getOrDefault(event.stageId(), 0), rowsWritten.get());
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    donePerStage.remove(event.stageInfo().stageId());
    tasksPerStage.remove(event.stageInfo().stageId());
  }
}
