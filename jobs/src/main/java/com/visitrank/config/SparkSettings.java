package com.visitrank.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every {@code spark.*} key of the effective configuration, as strings for the SparkSession.
 *
 * @param properties spark.* keys and their values
 */
public record SparkSettings(Map<String, String> properties) {

  public static SparkSettings read(ConfigReader reader) {
    Map<String, String> properties = new TreeMap<>();
    Config config = reader.config();
    if (config.hasPath("spark")) {
      for (Map.Entry<String, ConfigValue> entry : config.getConfig("spark").entrySet()) {
        ConfigValue value = entry.getValue();
        String key = "spark." + entry.getKey();
        if (value.valueType() == ConfigValueType.OBJECT
            || value.valueType() == ConfigValueType.LIST) {
          throw new ConfigError(key, value.origin().description(),
              "must be a single value (string, number or boolean)");
        }
        properties.put(key, String.valueOf(value.unwrapped()));
      }
    }
    return new SparkSettings(Map.copyOf(properties));
  }

  public String master() {
    return properties.getOrDefault("spark.master", "local[*]");
  }
}
