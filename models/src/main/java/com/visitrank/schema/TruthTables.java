package com.visitrank.schema;

import static com.visitrank.schema.RawTables.MONEY;
import static com.visitrank.schema.RawTables.field;
import static com.visitrank.schema.RawTables.schema;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * Ground truth written by the generator under {@code truth/}. Nothing in {@code raw/} carries any
 * of it; it exists so that models, plans and effect estimates can be judged.
 */
public final class TruthTables {

  public static final String LOAN_OUTLOOK = "loan_outlook";
  public static final String BORROWERS = "borrowers";
  /**
   * The scenario (the resolved {@code generate} config section) that made the world, a HOCON file
   * under {@code truth/}: {@code simulate} remakes and continues the world from it.
   */
  public static final String SCENARIO = "scenario.conf";

  /**
   * One row per loan active at a month end. The probabilities and expectations are exact under
   * the world's model (computed by propagating the loan's state distribution, not sampled).
   */
  public static final StructType LOAN_OUTLOOK_SCHEMA = schema(
      field("loan_id", StringType, false),
      field("as_of_date", DateType, false),
      field("borrower_type", StringType, false),
      field("p_long_overdue_60d_no_visit", DoubleType, false),
      field("p_long_overdue_60d_visit", DoubleType, false),
      field("recovery_90d_no_visit", MONEY, false),
      field("recovery_90d_visit", MONEY, false),
      field("p_cure_30d_no_visit", DoubleType, false),
      field("bucket", StringType, false),
      field("unpaid_installments", DoubleType, false),
      field("region", StringType, false));

  /** The latent traits of each borrower, which {@code simulate} needs to continue the world. */
  public static final StructType BORROWERS_SCHEMA = schema(
      field("customer_id", StringType, false),
      field("base_type", StringType, false),
      field("phone_valid", BooleanType, false),
      field("address_valid", BooleanType, false),
      field("shock_hazard_multiplier", DoubleType, false),
      field("first_shock_month", DateType, true),
      field("loans", IntegerType, false));

  private TruthTables() {}
}
