package com.visitrank.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the effective configuration from its layers, lowest first: {@code reference.conf} (the
 * only defaults), each {@code --conf} file in order, environment variables, then each
 * {@code --set key=value}. Rejects unknown keys in visitrank's own sections, so that a typo fails
 * before any work starts.
 */
public final class ConfigLoader {

  /** Sections whose every key must exist in {@code reference.conf}. */
  public static final List<String> CHECKED_SECTIONS = List.of("visitrank", "generate", "ingest",
      "features", "train", "target", "simulate", "evaluate", "pipeline", "bench");

  /** Environment variables and the keys they override. */
  public static final Map<String, String> ENVIRONMENT_KEYS = Map.of(
      "VISITRANK_WAREHOUSE", "visitrank.warehouse",
      "VISITRANK_AS_OF", "visitrank.as-of",
      "VISITRANK_SAMPLES", "visitrank.samples",
      "VISITRANK_SPARK_MASTER", "spark.master");

  private ConfigLoader() {}

  /**
   * Loads and checks the effective configuration.
   *
   * @param files config files to layer, lowest first
   * @param sets {@code key=value} overrides, applied last
   * @param environment the process environment
   */
  public static Config load(List<Path> files, List<String> sets, Map<String, String> environment) {
    Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config merged = reference;
    for (Path file : files) {
      merged = parseFile(file).withFallback(merged);
    }
    Map<String, String> fromEnvironment = new LinkedHashMap<>();
    ENVIRONMENT_KEYS.forEach((variable, key) -> {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        fromEnvironment.put(key, value);
      }
    });
    for (Map.Entry<String, String> entry : fromEnvironment.entrySet()) {
      merged = ConfigFactory.parseMap(Map.of(entry.getKey(), entry.getValue()),
          "environment variable for " + entry.getKey()).withFallback(merged);
    }
    for (String set : sets) {
      merged = parseSet(set).withFallback(merged);
    }
    try {
      merged = merged.resolve();
    } catch (ConfigException e) {
      throw new ConfigError("Bad configuration: " + e.getMessage());
    }
    rejectUnknownKeys(merged, reference);
    return merged;
  }

  /**
   * The configuration of a scenario file's text (a {@code generate} section, as {@code generate}
   * writes it next to the truth) over {@code reference.conf}, checked like any config file.
   *
   * @param origin where the text came from, for messages
   */
  public static Config scenario(String text, String origin) {
    Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config merged;
    try {
      merged = ConfigFactory.parseString(text,
              ConfigParseOptions.defaults().setOriginDescription(origin))
          .withOnlyPath("generate").withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new ConfigError("Cannot parse the scenario " + origin + ": " + e.getMessage());
    }
    rejectUnknownKeys(merged, reference);
    return merged;
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigError("Config file not found: " + file
          + " (--conf takes a path to a HOCON file, e.g. conf/cluster.conf)");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigError("Cannot parse config file " + file + ": " + e.getMessage());
    }
  }

  private static Config parseSet(String set) {
    int eq = set.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError("Bad --set '" + set + "': expected key=value, e.g. --set "
          + "visitrank.as-of=2025-06-30");
    }
    String key = set.substring(0, eq).trim();
    String value = set.substring(eq + 1).trim();
    try {
      ConfigFactory.empty().hasPath(key);
    } catch (ConfigException.BadPath e) {
      throw new ConfigError("Bad --set '" + set + "': '" + key + "' is not a valid key");
    }
    return ConfigFactory.parseMap(Map.of(key, value), "--set " + key + "=" + value);
  }

  private static void rejectUnknownKeys(Config merged, Config reference) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> entry : merged.entrySet()) {
      String key = entry.getKey();
      String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      if (!CHECKED_SECTIONS.contains(section) || reference.hasPathOrNull(key)) {
        continue;
      }
      String origin = entry.getValue().origin().description();
      String closest = closestKey(key, reference);
      problems.add("Unknown configuration key " + key + " (set in " + origin + "). "
          + (closest != null ? "Did you mean " + closest + "?" : knownKeysNear(key, reference)));
    }
    if (!problems.isEmpty()) {
      throw new ConfigError(String.join("\n", problems));
    }
  }

  /** The known key closest in spelling, when it is close enough to be a likely typo. */
  static String closestKey(String key, Config reference) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
      int distance = editDistance(key, entry.getKey());
      if (distance < bestDistance) {
        bestDistance = distance;
        best = entry.getKey();
      }
    }
    return bestDistance <= Math.max(2, key.length() / 8) ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String knownKeysNear(String key, Config reference) {
    String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
    while (!parent.isEmpty() && !reference.hasPath(parent)) {
      parent = parent.contains(".") ? parent.substring(0, parent.lastIndexOf('.')) : "";
    }
    if (parent.isEmpty()) {
      return "Check the spelling; README lists every key.";
    }
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> entry : reference.getConfig(parent).entrySet()) {
      known.add(parent + "." + entry.getKey());
    }
    if (known.isEmpty()) {
      return "Section " + parent + " has no keys yet.";
    }
    return "Known keys under " + parent + ": " + String.join(", ", limit(known, 12));
  }

  private static List<String> limit(Set<String> keys, int max) {
    List<String> list = new ArrayList<>(keys);
    if (list.size() > max) {
      List<String> cut = new ArrayList<>(list.subList(0, max));
      cut.add("... (" + (list.size() - max) + " more)");
      return cut;
    }
    return list;
  }
}
