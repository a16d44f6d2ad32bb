package com.visitrank.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Typed, validated reads of single keys. Every failure names the key, where its value was set
 * and the form that was expected.
 */
public final class ConfigReader {

  private final Config config;

  public ConfigReader(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /** Where the value of {@code key} was set: a file and line, or "--set key=value". */
  public String origin(String key) {
    return config.hasPath(key) ? config.getValue(key).origin().description() : "reference.conf";
  }

  public String string(String key) {
    try {
      return config.getString(key);
    } catch (ConfigException e) {
      throw new ConfigError(key, origin(key), "must be a string");
    }
  }

  /** A string that must be one of {@code allowed}. */
  public String oneOf(String key, java.util.List<String> allowed) {
    String value = string(key);
    if (!allowed.contains(value)) {
      throw new ConfigError(key, origin(key), "must be one of " + String.join(", ", allowed)
          + ", got '" + value + "'");
    }
    return value;
  }

  public String nonEmptyString(String key) {
    String value = string(key);
    if (value.isBlank()) {
      throw new ConfigError(key, origin(key), "must not be empty");
    }
    return value;
  }

  public long wholeNumber(String key, long min, long max) {
    long value;
    try {
      value = config.getLong(key);
    } catch (ConfigException e) {
      throw new ConfigError(key, origin(key), "must be a whole number between " + min + " and "
          + max + ", got '" + raw(key) + "'");
    }
    if (value < min || value > max) {
      throw new ConfigError(key, origin(key), "must be a whole number between " + min + " and "
          + max + ", got " + value);
    }
    return value;
  }

  public int integer(String key, int min, int max) {
    return (int) wholeNumber(key, min, max);
  }

  public double number(String key, double min, double max) {
    double value;
    try {
      value = config.getDouble(key);
    } catch (ConfigException e) {
      throw new ConfigError(key, origin(key), "must be a number between " + min + " and " + max
          + ", got '" + raw(key) + "'");
    }
    if (!(value >= min && value <= max)) {
      throw new ConfigError(key, origin(key), "must be a number between " + min + " and " + max
          + ", got " + value);
    }
    return value;
  }

  public double probability(String key) {
    return number(key, 0, 1);
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      throw new ConfigError(key, origin(key), "must be true or false, got '" + raw(key) + "'");
    }
  }

  public LocalDate date(String key) {
    String value = string(key);
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ConfigError(key, origin(key), "must be a date YYYY-MM-DD, got '" + value + "'");
    }
  }

  /** A date, or empty when the key is set to the empty string. */
  public Optional<LocalDate> optionalDate(String key) {
    return string(key).isBlank() ? Optional.empty() : Optional.of(date(key));
  }

  private String raw(String key) {
    try {
      return String.valueOf(config.getValue(key).unwrapped());
    } catch (ConfigException e) {
      return "?";
    }
  }
}
