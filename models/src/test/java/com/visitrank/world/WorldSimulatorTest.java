package com.visitrank.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.visitrank.schema.RawTables;
import java.sql.Date;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class WorldSimulatorTest {

  private static List<Row> rows(WorldSimulator simulator, WorldTable table) {
    List<Row> all = new ArrayList<>();
    for (long block = 0; block < simulator.blocks(); block++) {
      all.addAll(simulator.simulateBlock(block, EnumSet.of(table)).get(table));
    }
    return all;
  }

  @Test
  void makesExactlyTheConfiguredNumberOfLoans() {
    WorldSimulator simulator = new WorldSimulator(Worlds.realistic(27, 3, 0));
    assertEquals(2, simulator.blocks());
    List<Row> loans = rows(simulator, WorldTable.LOANS);
    assertEquals(27, loans.size());
    Set<String> ids = new HashSet<>();
    Set<String> customers = new HashSet<>();
    for (Row loan : loans) {
      ids.add(loan.getString(0));
      customers.add(loan.getString(1));
    }
    assertEquals(27, ids.size());
    assertEquals(customers.size(), rows(simulator, WorldTable.CUSTOMERS).size());
  }

  @Test
  void theSameSeedGivesTheSameRowsWhicheverTablesAreRequested() {
    WorldSimulator simulator = new WorldSimulator(Worlds.realistic(200, 11, 1));
    Map<WorldTable, List<Row>> all = simulator.simulateBlock(3, EnumSet.allOf(WorldTable.class));
    Map<WorldTable, List<Row>> again = simulator.simulateBlock(3,
        EnumSet.allOf(WorldTable.class));
    assertEquals(all, again);
    for (WorldTable table : WorldTable.values()) {
      assertEquals(all.get(table), simulator.simulateBlock(3, EnumSet.of(table)).get(table),
          table.tableName());
    }
    assertFalse(all.get(WorldTable.PAYMENTS).isEmpty());
  }

  @Test
  void anotherSeedGivesAnotherWorld() {
    List<Row> a = rows(new WorldSimulator(Worlds.realistic(100, 1, 0)), WorldTable.PAYMENTS);
    List<Row> b = rows(new WorldSimulator(Worlds.realistic(100, 2, 0)), WorldTable.PAYMENTS);
    assertFalse(a.equals(b));
  }

  @Test
  void moneyMovesOnlyOnDaysThreeToTwentyEightAndDueDatesFallOnFiveToTwentyEight() {
    WorldSimulator simulator = new WorldSimulator(Worlds.realistic(520, 5, 0));
    for (Row payment : rows(simulator, WorldTable.PAYMENTS)) {
      int day = payment.getDate(2).toLocalDate().getDayOfMonth();
      assertTrue(day >= 3 && day <= 28, "payment on day " + day);
    }
    for (Row due : rows(simulator, WorldTable.SCHEDULE)) {
      int day = due.getDate(2).toLocalDate().getDayOfMonth();
      assertTrue(day >= 5 && day <= 28, "due on day " + day);
    }
    for (Row loan : rows(simulator, WorldTable.LOANS)) {
      for (int i = 9; i <= 11; i++) {
        Date date = loan.getDate(i);
        if (date != null) {
          int day = date.toLocalDate().getDayOfMonth();
          assertTrue(day >= 3 && day <= 28, "event on day " + day);
        }
      }
    }
  }

  @Test
  void nobodyPaysMoreThanTheScheduleAndClosedLoansArePaidInFull() {
    WorldSimulator simulator = new WorldSimulator(Worlds.realistic(520, 8, 0));
    Map<String, Long> due = new HashMap<>();
    for (Row row : rows(simulator, WorldTable.SCHEDULE)) {
      due.merge(row.getString(0), cents(row, 3) + cents(row, 4), Long::sum);
    }
    Map<String, Long> paid = new HashMap<>();
    for (Row row : rows(simulator, WorldTable.PAYMENTS)) {
      paid.merge(row.getString(1), cents(row, 3), Long::sum);
    }
    int closed = 0;
    for (Row loan : rows(simulator, WorldTable.LOANS)) {
      String id = loan.getString(0);
      long total = paid.getOrDefault(id, 0L);
      assertTrue(total <= due.get(id), id + " paid " + total + " of " + due.get(id));
      if (loan.getDate(9) != null) {
        closed++;
        assertEquals(due.get(id), total, id + " closed but not paid in full");
      }
    }
    assertTrue(closed > 0, "some loans should have closed in two years");
  }

  @Test
  void rawTablesCarryNoTruth() {
    for (String table : RawTables.ALL) {
      for (String column : RawTables.schemaOf(table).fieldNames()) {
        assertFalse(column.contains("borrower_type") || column.contains("base_type")
            || column.contains("shock") || column.startsWith("p_") || column.contains("recovery")
            || column.endsWith("_valid"), table + "." + column);
      }
    }
  }

  private static long cents(Row row, int i) {
    return row.getDecimal(i).movePointRight(2).longValueExact();
  }
}
