package com.visitrank.jobs;

import com.visitrank.config.SparkSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the job's SparkSession from the configuration's {@code spark.*} keys. Settings that
 * spark-submit already placed (its {@code --master}, {@code --conf}) win, so the same jar runs
 * unchanged on a cluster.
 */
public final class SparkSessions {

  private static final String CATALOG_DIR = "spark.sql.warehouse.dir";

  private SparkSessions() {}

  public static SparkSession create(SparkSettings settings, String job) {
    SparkConf submitted = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder();
    for (Map.Entry<String, String> entry : settings.properties().entrySet()) {
      if (!submitted.contains(entry.getKey())) {
        builder.config(entry.getKey(), entry.getValue());
      }
    }
    if (!submitted.contains(CATALOG_DIR) && !settings.properties().containsKey(CATALOG_DIR)) {
      // The session catalog only ever holds external tables on warehouse directories (bucketed
      // clean tables), but Spark creates its default database's directory when the catalog is
      // first used: in the temporary directory, not in the user's working directory.
      builder.config(CATALOG_DIR, Path.of(System.getProperty("java.io.tmpdir"),
          "visitrank-catalog-" + System.getProperty("user.name", "user")).toString());
    }
    if (!submitted.contains("spark.app.name")) {
      builder.appName(settings.properties().getOrDefault("spark.app.name", "visitrank") + " "
          + job);
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
