package com.visitrank.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.schema.RawTables;
import com.visitrank.testing.SparkSessionExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class WarehouseTest {

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType).add("n", DataTypes.IntegerType);

  @TempDir
  Path dir;

  private static Dataset<Row> rows(SparkSession spark, int... ns) {
    List<Row> list = new java.util.ArrayList<>();
    for (int n : ns) {
      list.add(RowFactory.create("r" + n, n));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  @Test
  void publishReplacesTheWholeTableAndLeavesNoStagingBehind(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    assertEquals(3, warehouse.publish(rows(spark, 1, 2, 3), "raw", "t", "run1"));
    assertEquals(2, warehouse.publish(rows(spark, 4, 5), "raw", "t", "run2"));
    Dataset<Row> read = warehouse.read("raw", "t", SCHEMA);
    assertEquals(2, read.count());
    assertTrue(Files.exists(dir.resolve("raw/t/" + Warehouse.MARKER)));
    assertFalse(Files.exists(dir.resolve("raw/.staging/t-run2")));
    assertFalse(Files.exists(dir.resolve("raw/.trash-t-run2")));
  }

  @Test
  void aMissingTableIsAnInputErrorNamingItsPath(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    InputError error = assertThrows(InputError.class,
        () -> warehouse.read("raw", RawTables.LOANS, RawTables.LOANS_SCHEMA));
    assertTrue(error.getMessage().contains("raw/loans"), error.getMessage());
    assertTrue(error.getMessage().contains(dir.toString()), error.getMessage());
  }

  @Test
  void aMissingColumnIsNamed(SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    warehouse.publish(rows(spark, 1), "raw", "t", "run1");
    StructType wider = SCHEMA.add("amount", DataTypes.DoubleType);
    InputError error = assertThrows(InputError.class, () -> warehouse.read("raw", "t", wider));
    assertTrue(error.getMessage().contains("amount"), error.getMessage());
  }
}
