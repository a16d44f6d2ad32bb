package com.visitrank.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One input column of a model: its name, whether it is categorical (a string) or numeric (any
 * number or boolean, read as a double), and its Spark type as the features table declares it
 * (checked when a saved model is loaded).
 *
 * @param name column of {@code features/loans}
 * @param categorical true for string columns
 * @param type Spark SQL type name, e.g. {@code int}, {@code decimal(18,2)}, {@code string}
 */
public record ModelFeature(String name, boolean categorical, String type) implements Serializable {

  /** Identifiers and dates that are never model inputs. */
  public static final Set<String> NOT_FEATURES = Set.of("loan_id", "customer_id", "as_of_date");

  /** Prefix of label columns, which are never inputs either. */
  public static final String LABEL_PREFIX = "label_";

  /**
   * Every usable input column of a features schema, in its order: numbers, booleans and strings,
   * except identifiers, dates, labels and {@code excluded}.
   */
  public static List<ModelFeature> select(StructType schema, Set<String> excluded) {
    List<ModelFeature> features = new ArrayList<>();
    for (StructField field : schema.fields()) {
      String name = field.name();
      if (NOT_FEATURES.contains(name) || name.startsWith(LABEL_PREFIX)
          || excluded.contains(name)) {
        continue;
      }
      DataType type = field.dataType();
      if (type instanceof NumericType || type instanceof BooleanType) {
        features.add(new ModelFeature(name, false, type.simpleString()));
      } else if (type instanceof StringType) {
        features.add(new ModelFeature(name, true, type.simpleString()));
      }
    }
    return List.copyOf(features);
  }
}
