package com.visitrank.config;

/**
 * A configuration problem, reported before Spark starts: names the key, where its value came from
 * and the form that was expected.
 */
public final class ConfigError extends RuntimeException {

  public ConfigError(String message) {
    super(message);
  }

  public ConfigError(String key, String origin, String problem) {
    super("Bad configuration: " + key + " " + problem + " (set in " + origin + ")");
  }
}
