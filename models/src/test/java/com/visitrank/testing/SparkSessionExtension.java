package com.visitrank.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession for the whole test run, kept in the root context's store and stopped
 * when the run ends. Test methods (and {@code @BeforeAll} methods) receive it as a parameter.
 */
public final class SparkSessionExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SparkSessionExtension.class);

  /** Closes the session when JUnit closes the root store. */
  private record Holder(SparkSession spark) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      spark.stop();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("spark", key -> new Holder(create()), Holder.class).spark();
  }

  private static SparkSession create() {
    try {
      Path warehouse = Files.createTempDirectory("visitrank-spark-warehouse");
      SparkSession spark = SparkSession.builder()
          .master("local[2]")
          .appName("visitrank-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          // As the jobs run (reference.conf): Spark 3.5's non-ANSI semantics on Spark 4 too, and
          // compiled query classes kept for reuse.
          .config("spark.sql.ansi.enabled", "false")
          .config("spark.sql.codegen.cache.maxEntries", "1000")
          .config("spark.sql.warehouse.dir", warehouse.toString())
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      return spark;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot create a temporary Spark warehouse", e);
    }
  }
}
