package com.visitrank.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
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

  /**
   * Closes the session when JUnit closes the root store, then deletes its temporary SQL
   * warehouse directory (one per test JVM; left behind, every test run added one to the
   * temporary directory).
   */
  private record Holder(SparkSession spark, Path warehouse)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws IOException {
      spark.stop();
      try (Stream<Path> paths = Files.walk(warehouse)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("spark", key -> create(), Holder.class).spark();
  }

  private static Holder create() {
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
          // compiled query classes kept for reuse, joins on tables bucketed by a subset of their
          // keys without a shuffle, and the order of sorted buckets taken from their tables.
          .config("spark.sql.ansi.enabled", "false")
          .config("spark.sql.codegen.cache.maxEntries", "1000")
          .config("spark.sql.requireAllClusterKeysForCoPartition", "false")
          .config("spark.sql.legacy.bucketedTableScan.outputOrdering", "true")
          .config("spark.sql.warehouse.dir", warehouse.toString())
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      return new Holder(spark, warehouse);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a temporary Spark warehouse", e);
    }
  }
}
