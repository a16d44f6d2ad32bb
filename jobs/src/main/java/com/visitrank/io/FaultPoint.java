package com.visitrank.io;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only crash points of a publish. With the system property {@value #PROPERTY} set to
 * {@code <point>:<n>}, the JVM halts (no shutdown hooks, no finally blocks: what SIGKILL does)
 * the n-th time the warehouse reaches that point, so that kill tests stop a job at an exact
 * place instead of racing it with a timer. Unset, every call is a no-op.
 */
public final class FaultPoint {

  /** The system property naming the point and its occurrence, e.g. {@code moved-aside:2}. */
  public static final String PROPERTY = "visitrank.test.halt-at";
  /** The exit code of a halted JVM (that of a process killed by SIGKILL). */
  public static final int EXIT_CODE = 137;
  /** A table is staged complete (marker written), not yet committed. */
  public static final String STAGED = "staged";
  /** The previous version of a table or partition is moved aside, the new one not yet in. */
  public static final String MOVED_ASIDE = "moved-aside";
  /** A small file is written aside, not yet renamed into place. */
  public static final String TEXT = "text";
  /** A model version is saved complete in its staging directory, not yet renamed into place. */
  public static final String MODEL_STAGED = "model-staged";

  private static final Map<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

  private FaultPoint() {}

  /** Halts the JVM if {@code point} is the configured one and this its configured occurrence. */
  public static void reached(String point) {
    String spec = System.getProperty(PROPERTY);
    if (spec == null || spec.isBlank()) {
      return;
    }
    int colon = spec.lastIndexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    int n = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1));
    if (name.equals(point)
        && REACHED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet() == n) {
      System.err.println("visitrank: halting at " + point + " #" + n + " (" + PROPERTY + ")");
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}
