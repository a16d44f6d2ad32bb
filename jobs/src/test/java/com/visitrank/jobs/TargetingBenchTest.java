package com.visitrank.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.visitrank.testing.SparkSessionExtension;
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
class TargetingBenchTest {

  /** Eligible loans: loan_id, region, dpd, overdue_amount, _true_gain. */
  private static Dataset<Row> pool(SparkSession spark) {
    return spark.createDataFrame(List.of(
            RowFactory.create("a1", "north", 95, 900.0, 100.0),
            RowFactory.create("a2", "north", 40, 5000.0, 900.0),
            RowFactory.create("a3", "north", 40, 300.0, 600.0),
            RowFactory.create("a4", "north", 10, 200.0, -50.0),
            RowFactory.create("b1", "south", 60, 100.0, 10.0),
            RowFactory.create("b2", "south", 20, 800.0, 400.0),
            RowFactory.create("b3", "south", 20, 800.0, 300.0),
            RowFactory.create("c1", "east", 200, 9000.0, 5000.0)),
        new StructType().add("loan_id", DataTypes.StringType)
            .add("region", DataTypes.StringType).add("dpd", DataTypes.IntegerType)
            .add("overdue_amount", DataTypes.DoubleType)
            .add("_true_gain", DataTypes.DoubleType));
  }

  private static Dataset<Row> quota(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), new StructType()
        .add("region", DataTypes.StringType).add("_quota", DataTypes.LongType));
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.orderBy("loan_id").collectAsList().stream().map(r -> r.<String>getAs("loan_id"))
        .toList();
  }

  @Test
  void theRuleAndTheOracleTakeEachRegionsQuotaInTheirOwnOrder(SparkSession spark) {
    Dataset<Row> visits = quota(spark, RowFactory.create("north", 2L),
        RowFactory.create("south", 1L));

    Dataset<Row> rule = TargetingBench.top(pool(spark), visits, TargetingBench.RULE);
    Dataset<Row> oracle = TargetingBench.top(pool(spark), visits, TargetingBench.ORACLE);

    // north: dpd 95 first, then the larger of the two at dpd 40; south: dpd 60. East has no
    // quota, so its loan is in neither.
    assertEquals(List.of("a1", "a2", "b1"), ids(rule));
    assertEquals((100.0 + 900.0 + 10.0) / 3, TargetingBench.perVisit(rule), 1e-9);
    assertEquals(List.of("a2", "a3", "b2"), ids(oracle));
    assertEquals((900.0 + 600.0 + 400.0) / 3, TargetingBench.perVisit(oracle), 1e-9);
  }

  @Test
  void aLargerSelectionGoesDeeperAndTiesFallToTheLoanId(SparkSession spark) {
    Dataset<Row> selected = quota(spark, RowFactory.create("north", 3L),
        RowFactory.create("south", 2L), RowFactory.create("east", 5L));

    Dataset<Row> rule = TargetingBench.top(pool(spark), selected, TargetingBench.RULE);
    Dataset<Row> oracle = TargetingBench.top(pool(spark), selected, TargetingBench.ORACLE);

    // south: b2 and b3 tie on dpd and amount, and b2 comes first by its id.
    assertEquals(List.of("a1", "a2", "a3", "b1", "b2", "c1"), ids(rule));
    assertEquals((100.0 + 900.0 + 600.0 + 10.0 + 400.0 + 5000.0) / 6,
        TargetingBench.perVisit(rule), 1e-9);
    assertEquals(List.of("a1", "a2", "a3", "b2", "b3", "c1"), ids(oracle));
    assertEquals((100.0 + 900.0 + 600.0 + 400.0 + 300.0 + 5000.0) / 6,
        TargetingBench.perVisit(oracle), 1e-9);
  }

  @Test
  void noRowsGainNothing(SparkSession spark) {
    Dataset<Row> none = TargetingBench.top(pool(spark), quota(spark), TargetingBench.ORACLE);

    assertEquals(0.0, TargetingBench.perVisit(none));
  }
}
