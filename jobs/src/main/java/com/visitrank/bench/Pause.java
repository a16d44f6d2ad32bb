package com.visitrank.bench;

import java.time.Duration;

/** A wait between two polls of a process or a web UI. */
final class Pause {

  private Pause() {}

  /** Sleeps for {@code duration}; an interrupt ends the wait and is kept for the caller. */
  static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", e);
    }
  }
}
