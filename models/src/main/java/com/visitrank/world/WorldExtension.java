package com.visitrank.world;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Spark transformations that continue a generated world past its end under external visit plans
 * (what the {@code simulate} job does): plans are grouped onto the simulator's blocks, each block
 * is simulated with its plans, and the rows are split at the as-of date into what was already
 * delivered and what is new.
 */
public final class WorldExtension {

  /** Column names of a plan row. */
  public static final String LOAN_ID = "loan_id";
  public static final String PLAN_DATE = "plan_date";
  public static final String TEAM_ID = "team_id";
  public static final String VISIT_DATE = "visit_date";
  public static final String TIME_WINDOW = "time_window";
  public static final String BLOCK = "block";
  public static final String PLANS = "plans";

  /**
   * One visit the simulator must make: {@code plan_date} is a month end, the visit falls in the
   * following month on {@code visit_date} within {@code time_window}; a null {@code visit_date}
   * replays an already simulated visit's effect without recording it again.
   */
  public static final StructType PLAN_SCHEMA = new StructType()
      .add(LOAN_ID, StringType, false)
      .add(PLAN_DATE, DateType, false)
      .add(TEAM_ID, StringType, true)
      .add(VISIT_DATE, DateType, true)
      .add(TIME_WINDOW, StringType, true);

  private WorldExtension() {}

  /**
   * The blocks with the plans of their loans: {@code block} (long) and {@code plans}
   * (array of {@link #PLAN_SCHEMA} structs, null for a block without plans). A plan whose loan id
   * is not a generated one matches no block and is dropped. One shuffle of the (small) plan.
   */
  public static Dataset<Row> plannedBlocks(Dataset<Long> blocks, Dataset<Row> plans) {
    Column loanIndex = col(LOAN_ID).substr(2, 18).cast("long").minus(1);
    Dataset<Row> grouped = plans
        .filter(col(LOAN_ID).rlike("^L[0-9]{9,18}$"))
        .withColumn(BLOCK, floor(loanIndex.divide(WorldSimulator.LOANS_PER_BLOCK)))
        .groupBy(BLOCK)
        .agg(collect_list(struct(col(LOAN_ID), col(PLAN_DATE), col(TEAM_ID), col(VISIT_DATE),
            col(TIME_WINDOW))).as(PLANS));
    Dataset<Row> all = blocks.toDF(BLOCK);
    return all.join(grouped.withColumnRenamed(BLOCK, "plan_block"),
            all.col(BLOCK).equalTo(col("plan_block")), "left")
        .select(all.col(BLOCK), col(PLANS));
  }

  /** The rows of one table of the continued world, block by block with each block's plans. */
  public static Dataset<Row> table(Dataset<Row> plannedBlocks, WorldSimulator simulator,
      WorldTable table) {
    EnumSet<WorldTable> wanted = EnumSet.of(table);
    return plannedBlocks.flatMap(
        (FlatMapFunction<Row, Row>) row -> simulator.simulateBlock(row.getLong(0), wanted,
            plans(row)).get(table).iterator(),
        Encoders.row(table.schema()));
  }

  private static List<WorldSimulator.PlannedVisit> plans(Row row) {
    List<WorldSimulator.PlannedVisit> plans = new ArrayList<>();
    if (row.isNullAt(1)) {
      return plans;
    }
    for (Row plan : row.<Row>getList(1)) {
      plans.add(new WorldSimulator.PlannedVisit(plan.getString(0),
          MonthCalendar.index(plan.getDate(1).toLocalDate()), plan.getString(2),
          plan.isNullAt(3) ? null : plan.getDate(3).toLocalDate(), plan.getString(4)));
    }
    return plans;
  }

  /**
   * The visits of a visit-target table (its contract's columns): every row not in the control
   * group is visited by its team on its suggested date within its time window.
   */
  public static Dataset<Row> plansFromTargets(Dataset<Row> targets) {
    return targets.filter(col("control_group").equalTo(false))
        .select(col(LOAN_ID), col("as_of_date").as(PLAN_DATE), col(TEAM_ID),
            col("suggested_visit_date").as(VISIT_DATE), col(TIME_WINDOW));
  }

  /**
   * Visits of plans simulated before ({@code raw/visit_plans} rows dated in
   * {@code [from, before)}, not held out), to be replayed for their effect only.
   */
  public static Dataset<Row> replayedPlans(Dataset<Row> visitPlans, LocalDate from,
      LocalDate before) {
    return visitPlans
        .filter(col(PLAN_DATE).geq(lit(Date.valueOf(from)))
            .and(col(PLAN_DATE).lt(lit(Date.valueOf(before))))
            .and(col("control_group").equalTo(false)))
        .select(col(LOAN_ID), col(PLAN_DATE), col(TEAM_ID), lit(null).cast(DateType).as(VISIT_DATE),
            lit(null).cast(StringType).as(TIME_WINDOW));
  }

  /** A visit-target table as {@code raw/visit_plans} rows: every target, visited or held out. */
  public static Dataset<Row> visitPlanRows(Dataset<Row> targets) {
    return targets.select(col("as_of_date").as(PLAN_DATE), col(LOAN_ID), col(TEAM_ID),
        col("control_group"));
  }

  /**
   * Loans as they stood at {@code asOf}: event dates (closed, written off, litigation) after it
   * are not known yet and become null.
   */
  public static Dataset<Row> loansAsOf(Dataset<Row> loans, LocalDate asOf) {
    Dataset<Row> out = loans;
    for (String event : List.of("closed_date", "written_off_date", "litigation_date")) {
      out = out.withColumn(event, when(col(event).leq(lit(Date.valueOf(asOf))), col(event)));
    }
    return out;
  }

  /** The date on which a row of {@code table} happened or was observed, or null if none. */
  public static Column eventDate(WorldTable table) {
    return switch (table) {
      case PAYMENTS -> col("payment_date");
      case CONTACTS -> to_date(col("contact_time"));
      case VISITS -> to_date(col("visit_time"));
      case VISIT_PLANS -> col(PLAN_DATE);
      case LOAN_OUTLOOK -> col("as_of_date");
      default -> null;
    };
  }

  /** The rows of an event table dated after {@code asOf}. */
  public static Dataset<Row> after(Dataset<Row> rows, WorldTable table, LocalDate asOf) {
    return rows.filter(requireEventDate(table).gt(lit(Date.valueOf(asOf))));
  }

  /** The rows of an event table dated on or before {@code asOf}. */
  public static Dataset<Row> through(Dataset<Row> rows, WorldTable table, LocalDate asOf) {
    return rows.filter(requireEventDate(table).leq(lit(Date.valueOf(asOf))));
  }

  private static Column requireEventDate(WorldTable table) {
    Column date = eventDate(table);
    if (date == null) {
      throw new IllegalArgumentException(table.tableName() + " rows have no event date");
    }
    return date;
  }
}
