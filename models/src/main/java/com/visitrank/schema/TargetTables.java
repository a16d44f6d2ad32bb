package com.visitrank.schema;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tables {@code target} writes: the published visit-target contract (no PII) and the
 * restricted contact table the visit app joins to. Both are partitioned by {@code as_of_date}.
 */
public final class TargetTables {

  /** {@code targets/visit_targets}. */
  public static final String VISIT_TARGETS = "visit_targets";
  /** {@code targets/visit_contacts} (restricted: PII). */
  public static final String VISIT_CONTACTS = "visit_contacts";

  /** The visit-target contract, columns in order. */
  public static final StructType VISIT_TARGETS_SCHEMA = new StructType(new StructField[] {
      field("as_of_date", DateType),
      field("rank", IntegerType),
      field("risk_rank", IntegerType),
      field("loan_id", StringType),
      field("customer_id", StringType),
      field("region", StringType),
      field("district", StringType),
      field("team_id", StringType),
      field("dpd", IntegerType),
      field("bucket", StringType),
      field("overdue_class", StringType),
      field("outstanding_principal", RawTables.MONEY),
      field("overdue_amount", RawTables.MONEY),
      field("probability", DoubleType),
      field("expected_recovery_no_visit", DoubleType),
      field("expected_recovery_visit", DoubleType),
      field("visit_cost", DoubleType),
      field("expected_gain", DoubleType),
      field("uplift_source", StringType),
      field("trigger_reasons", DataTypes.createArrayType(StringType)),
      field("reason_codes", DataTypes.createArrayType(StringType)),
      field("suggested_visit_date", DateType),
      field("time_window", StringType),
      field("approach", StringType),
      field("control_group", BooleanType),
      field("model_version", StringType),
      field("run_id", StringType)});

  /** The restricted contact table: planned (visited) rows only. */
  public static final StructType VISIT_CONTACTS_SCHEMA = new StructType(new StructField[] {
      field("as_of_date", DateType),
      field("loan_id", StringType),
      field("customer_id", StringType),
      field("team_id", StringType),
      field("suggested_visit_date", DateType),
      field("name", StringType),
      field("phone", StringType),
      field("address", StringType)});

  /** Columns that must never appear in {@link #VISIT_TARGETS_SCHEMA}. */
  public static final List<String> PII_COLUMNS =
      List.of("name", "phone", "id_number", "address", "home_latitude", "home_longitude");

  private TargetTables() {}

  /** The visit-target column names in contract order. */
  public static List<String> visitTargetColumns() {
    return Arrays.asList(VISIT_TARGETS_SCHEMA.fieldNames());
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty());
  }
}
