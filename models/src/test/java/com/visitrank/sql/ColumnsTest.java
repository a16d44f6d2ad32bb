package com.visitrank.sql;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class ColumnsTest {

  @Test
  void replacesInPlaceAndAppendsNewColumnsInTheMapsOrder(SparkSession spark) {
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("a", 1, 10),
        RowFactory.create("b", 2, 20)), new StructType().add("id", DataTypes.StringType)
        .add("x", DataTypes.IntegerType).add("y", DataTypes.IntegerType));
    Map<String, Column> columns = new LinkedHashMap<>();
    // More than four entries: Spark's withColumns(java.util.Map) would reorder these.
    columns.put("z9", col("x").plus(1));
    columns.put("x", col("x").multiply(100));
    columns.put("a1", col("x").plus(col("y")));
    columns.put("m5", lit("k"));
    columns.put("b2", col("id"));
    columns.put("c3", col("y").minus(col("x")));

    Dataset<Row> got = Columns.with(df, columns);

    assertArrayEquals(new String[] {"id", "x", "y", "z9", "a1", "m5", "b2", "c3"},
        got.columns());
    // Every expression reads the input: a1 and c3 see x = 1 and 2, not x * 100.
    assertEquals(List.of(RowFactory.create("a", 100, 10, 2, 11, "k", "a", 9),
        RowFactory.create("b", 200, 20, 3, 22, "k", "b", 18)), got.orderBy("id").collectAsList());
  }
}
