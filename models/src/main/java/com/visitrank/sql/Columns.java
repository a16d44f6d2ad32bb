package com.visitrank.sql;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Many columns added to a Dataset in one projection. Each {@code withColumn} call analyses the
 * whole query plan again, so a long chain of them on a large plan costs seconds of driver time
 * before any row is read; one projection is analysed once. (Spark's own
 * {@code withColumns(java.util.Map)} goes through an unordered Scala map and so appends new
 * columns in an order of its own.)
 */
public final class Columns {

  private Columns() {}

  /**
   * {@code data} with {@code columns} added in one step, as a chain of {@code withColumn} would
   * add them except that every expression reads the columns of {@code data} (not the other
   * columns of the same batch): a name of {@code data} is replaced in place, new names are
   * appended in the map's order.
   */
  public static Dataset<Row> with(Dataset<Row> data, Map<String, Column> columns) {
    Set<String> existing = new HashSet<>(Arrays.asList(data.columns()));
    List<Column> out = new ArrayList<>();
    for (String name : data.columns()) {
      Column replacement = columns.get(name);
      out.add(replacement == null ? col(quoted(name)) : replacement.as(name));
    }
    for (Map.Entry<String, Column> column : columns.entrySet()) {
      if (!existing.contains(column.getKey())) {
        out.add(column.getValue().as(column.getKey()));
      }
    }
    return data.select(out.toArray(Column[]::new));
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
