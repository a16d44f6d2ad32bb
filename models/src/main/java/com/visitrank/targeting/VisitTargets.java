package com.visitrank.targeting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import com.visitrank.schema.TargetTables;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;

/**
 * The priority of a visit and the published rows: expected gain = expected repayment with a
 * visit - without - the visit's cost; ranks; the contract's columns in order; the restricted
 * contact rows.
 */
public final class VisitTargets {

  public static final String EXPECTED_GAIN = "expected_gain";

  private VisitTargets() {}

  /** Adds {@link #EXPECTED_GAIN} from the two expected repayments and {@code costColumn}. */
  public static Dataset<Row> expectedGain(Dataset<Row> rows, String costColumn) {
    return rows.withColumn(EXPECTED_GAIN, col(Uplift.VISIT).minus(col(Uplift.NO_VISIT))
        .minus(col(costColumn)));
  }

  /**
   * The contract rows of a plan: gain recomputed with the assigned team's cost, {@code rank} by
   * expected gain and {@code risk_rank} by probability (both 1 = first, ties by loan_id; one
   * sort of the planned rows, which capacity keeps small), every column cast to
   * {@link TargetTables#VISIT_TARGETS_SCHEMA} in order.
   */
  public static Dataset<Row> contractRows(Dataset<Row> assigned, LocalDate asOf,
      String modelVersion, String runId) {
    Dataset<Row> ranked = expectedGain(assigned, CapacityPlan.VISIT_COST)
        .withColumn("as_of_date", lit(Date.valueOf(asOf)))
        .withColumn("rank", row_number().over(Window.partitionBy("as_of_date")
            .orderBy(col(EXPECTED_GAIN).desc(), col("loan_id"))))
        .withColumn("risk_rank", row_number().over(Window.partitionBy("as_of_date")
            .orderBy(col("probability").desc(), col("loan_id"))))
        .withColumn("model_version", lit(modelVersion))
        .withColumn("run_id", lit(runId));
    StructField[] fields = TargetTables.VISIT_TARGETS_SCHEMA.fields();
    Column[] columns = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      columns[i] = col(fields[i].name()).cast(fields[i].dataType()).as(fields[i].name());
    }
    return ranked.select(columns);
  }

  /**
   * The restricted contact rows of the visited (not control) targets, with the borrower's name,
   * phone and address from {@code customer_contacts}, in
   * {@link TargetTables#VISIT_CONTACTS_SCHEMA} order.
   */
  public static Dataset<Row> contacts(Dataset<Row> targets, Dataset<Row> customerContacts) {
    Dataset<Row> visited = targets.filter(not(col(CapacityPlan.CONTROL)))
        .select("as_of_date", "loan_id", "customer_id", "team_id", CapacityPlan.VISIT_DATE);
    return visited.join(customerContacts.select("customer_id", "name", "phone", "address"),
            new String[] {"customer_id"}, "left")
        .select(TargetTables.VISIT_CONTACTS_SCHEMA.fieldNames()[0],
            java.util.Arrays.copyOfRange(TargetTables.VISIT_CONTACTS_SCHEMA.fieldNames(), 1,
                TargetTables.VISIT_CONTACTS_SCHEMA.fieldNames().length));
  }
}
