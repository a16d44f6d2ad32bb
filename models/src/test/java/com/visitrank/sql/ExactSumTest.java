package com.visitrank.sql;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.visitrank.testing.SparkSessionExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class ExactSumTest {

  private static final StructType SCHEMA = new StructType().add("g", DataTypes.StringType)
      .add("x", DataTypes.DoubleType);

  private static Dataset<Row> rows(SparkSession spark, List<Row> rows, int partitions) {
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  @Test
  void addsTheDecimalsExactly(SparkSession spark) {
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("a", 0.1),
        RowFactory.create("a", 0.2), RowFactory.create("a", 0.3), RowFactory.create("b", null)),
        SCHEMA).coalesce(1);

    List<Row> got = df.groupBy("g").agg(ExactSum.of(col("x")).as("s"), sum("x").as("plain"))
        .orderBy("g").collectAsList();

    assertEquals(0.6, got.get(0).getDouble(1), 0.0);
    // What a plain sum of doubles gives in this order: 0.1 + 0.2 + 0.3 = 0.6000000000000001.
    assertNotEquals(0.6, got.get(0).getDouble(2));
    assertNull(got.get(1).get(1));
  }

  @Test
  void givesTheSameSumWhateverThePartitioningAndOrder(SparkSession spark) {
    List<Row> values = new ArrayList<>();
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 2000; i++) {
      values.add(RowFactory.create("g", random.nextDouble() * Math.pow(10, random.nextInt(9))));
    }
    List<Double> sums = new ArrayList<>();
    for (int partitions : List.of(1, 3, 7, 16)) {
      sums.add(rows(spark, values, partitions).agg(ExactSum.of(col("x"))).first().getDouble(0));
    }
    assertEquals(1, sums.stream().distinct().count(), sums.toString());
  }
}
