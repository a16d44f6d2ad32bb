package com.visitrank.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The world continued past its end, with and without external visit plans (no Spark). */
class ExtendedWorldTest {

  private static final Set<WorldTable> EVENTS = EnumSet.of(WorldTable.PAYMENTS,
      WorldTable.CONTACTS, WorldTable.VISITS, WorldTable.LOAN_OUTLOOK);

  private static Map<WorldTable, List<Row>> rows(WorldSimulator simulator, Set<WorldTable> wanted,
      List<WorldSimulator.PlannedVisit> plans) {
    Map<WorldTable, List<Row>> all = new HashMap<>();
    for (long block = 0; block < simulator.blocks(); block++) {
      simulator.simulateBlock(block, wanted, plans).forEach(
          (table, list) -> all.computeIfAbsent(table, t -> new ArrayList<>()).addAll(list));
    }
    return all;
  }

  private static LocalDate eventDate(WorldTable table, Row row) {
    return switch (table) {
      case PAYMENTS -> row.getDate(2).toLocalDate();
      case CONTACTS -> row.getTimestamp(2).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      case VISITS -> row.getTimestamp(4).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      case LOAN_OUTLOOK -> row.getDate(1).toLocalDate();
      default -> throw new IllegalArgumentException(table.name());
    };
  }

  private static List<Row> upTo(WorldTable table, List<Row> rows, LocalDate end, boolean before) {
    List<Row> out = new ArrayList<>();
    for (Row row : rows) {
      if (!eventDate(table, row).isAfter(end) == before) {
        out.add(row);
      }
    }
    return out;
  }

  private static Row loanAsOf(Row loan, LocalDate end) {
    Object[] values = new Object[loan.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = loan.get(i);
      if (i >= 9 && values[i] != null && ((Date) values[i]).toLocalDate().isAfter(end)) {
        values[i] = null;
      }
    }
    return RowFactory.create(values);
  }

  @Test
  void oneMoreMonthChangesNothingUpToTheOldEndAndAddsTheNextMonth() {
    WorldParameters parameters = Worlds.realistic(400, 17, 1);
    LocalDate end = MonthCalendar.end(parameters.lastMonth());
    Set<WorldTable> wanted = EnumSet.copyOf(EVENTS);
    wanted.add(WorldTable.LOANS);
    wanted.add(WorldTable.SCHEDULE);
    wanted.add(WorldTable.CUSTOMERS);
    Map<WorldTable, List<Row>> base = rows(new WorldSimulator(parameters), wanted, List.of());
    Map<WorldTable, List<Row>> longer = rows(new WorldSimulator(parameters, 1), wanted,
        List.of());
    for (WorldTable table : EVENTS) {
      assertEquals(base.get(table), upTo(table, longer.get(table), end, true), table.name());
      assertTrue(upTo(table, base.get(table), end, false).isEmpty(), table.name());
    }
    assertFalse(upTo(WorldTable.PAYMENTS, longer.get(WorldTable.PAYMENTS), end, false).isEmpty());
    assertTrue(upTo(WorldTable.LOAN_OUTLOOK, longer.get(WorldTable.LOAN_OUTLOOK), end, false)
        .stream().allMatch(r -> r.getDate(1).toLocalDate().equals(end.plusMonths(1)
            .withDayOfMonth(end.plusMonths(1).lengthOfMonth()))));
    assertEquals(base.get(WorldTable.SCHEDULE), longer.get(WorldTable.SCHEDULE));
    assertEquals(base.get(WorldTable.CUSTOMERS), longer.get(WorldTable.CUSTOMERS));
    List<Row> loansAtEnd = new ArrayList<>();
    int newEvents = 0;
    for (Row loan : longer.get(WorldTable.LOANS)) {
      loansAtEnd.add(loanAsOf(loan, end));
      newEvents += loanAsOf(loan, end).equals(loan) ? 0 : 1;
    }
    assertEquals(base.get(WorldTable.LOANS), loansAtEnd);
    assertTrue(newEvents > 0, "some loans close or default in the extra month");
  }

  /**
   * Every loan overdue at the end is visited in one world and not in its twin (same seed, no
   * plan): common random numbers make each unvisited twin the visited loan's exact control. Over
   * the 90 days after the end, engaging types repay more when visited, by about what the truth
   * expects (recovery_90d_visit - recovery_90d_no_visit); fraud repays exactly the same.
   */
  @Test
  void visitedLoansOfEngagingTypesRepayMoreThanTheirTwinsByAboutWhatTheTruthExpects() {
    WorldParameters parameters = Worlds.realistic(6_000, 23, 0);
    int end = parameters.lastMonth();
    LocalDate endDate = MonthCalendar.end(end);
    WorldSimulator base = new WorldSimulator(parameters, 3);
    Map<WorldTable, List<Row>> noVisit = rows(base, EnumSet.of(WorldTable.PAYMENTS,
        WorldTable.LOAN_OUTLOOK), List.of());
    List<WorldSimulator.PlannedVisit> plans = new ArrayList<>();
    Map<String, Row> truth = new HashMap<>();
    for (Row row : noVisit.get(WorldTable.LOAN_OUTLOOK)) {
      if (row.getDate(1).toLocalDate().equals(endDate) && !"M0".equals(row.getString(8))) {
        truth.put(row.getString(0), row);
        plans.add(new WorldSimulator.PlannedVisit(row.getString(0), end, "T1-1",
            endDate.plusDays(2), "18:00-20:00"));
      }
    }
    Map<WorldTable, List<Row>> visited = rows(base, EnumSet.of(WorldTable.PAYMENTS,
        WorldTable.VISITS), plans);
    assertEquals(plans.size(), visited.get(WorldTable.VISITS).size());
    int met = 0;
    int abilityRight = 0;
    for (Row visit : visited.get(WorldTable.VISITS)) {
      String type = truth.get(visit.getString(1)).getString(2);
      if (visit.getString(5).startsWith("met")) {
        met++;
        String ability = switch (type) {
          case "hardship" -> "partial";
          case "insolvent", "fraud" -> "unable";
          default -> "able";
        };
        abilityRight += ability.equals(visit.getString(7)) ? 1 : 0;
      } else {
        assertNull(visit.getString(7), "no assessment without meeting anyone");
      }
    }
    double rightShare = (double) abilityRight / met;
    assertTrue(rightShare > 0.7 && rightShare < 0.95,
        "officers judge ability right mostly, not always: " + rightShare + " of " + met);
    Map<String, BigDecimal> paidVisited = paidAfter(visited.get(WorldTable.PAYMENTS), endDate);
    Map<String, BigDecimal> paidControl = paidAfter(noVisit.get(WorldTable.PAYMENTS), endDate);

    double realised = 0;
    double expected = 0;
    double squaredErrors = 0;
    int engagingLoans = 0;
    for (Map.Entry<String, Row> entry : truth.entrySet()) {
      String loan = entry.getKey();
      Row outlook = entry.getValue();
      double difference = paidVisited.getOrDefault(loan, BigDecimal.ZERO)
          .subtract(paidControl.getOrDefault(loan, BigDecimal.ZERO)).doubleValue();
      String type = outlook.getString(2);
      if (type.equals("fraud")) {
        assertEquals(0.0, difference, 1e-9, "a visit changes nothing for fraud: " + loan);
      }
      if (Set.of("hardship", "unwilling", "unreachable").contains(type)) {
        engagingLoans++;
        double truthGain = outlook.getDecimal(6).subtract(outlook.getDecimal(5)).doubleValue();
        realised += difference;
        expected += truthGain;
        squaredErrors += (difference - truthGain) * (difference - truthGain);
      }
    }
    assertTrue(engagingLoans >= 50, "too few engaging loans overdue: " + engagingLoans);
    assertTrue(expected > 0, "the truth expects visits to pay: " + expected);
    assertTrue(realised > 0, "visited engaging loans repay more than their twins");
    // Each loan's realised gain scatters around the truth's expectation; their sum lies within
    // three standard errors of the expected sum unless the world's visits do something else.
    double standardError = Math.sqrt(squaredErrors);
    assertTrue(Math.abs(realised - expected) < 3 * standardError,
        "realised uplift " + realised + " against the truth's " + expected + " (standard error "
            + standardError + ") over " + engagingLoans + " loans");
    assertTrue(standardError < 0.5 * expected, "the comparison has power: standard error "
        + standardError + " against " + expected);
  }

  private static Map<String, BigDecimal> paidAfter(List<Row> payments, LocalDate end) {
    Map<String, BigDecimal> paid = new HashMap<>();
    for (Row payment : payments) {
      LocalDate day = payment.getDate(2).toLocalDate();
      if (day.isAfter(end) && !day.isAfter(end.plusDays(90))) {
        paid.merge(payment.getString(1), payment.getDecimal(3), BigDecimal::add);
      }
    }
    return paid;
  }

  @Test
  void aPlannedVisitHappensOnItsDayInItsWindowByItsTeamAndAReplayLeavesNoRecord() {
    WorldParameters parameters = Worlds.realistic(260, 5, 0);
    int end = parameters.lastMonth();
    WorldSimulator simulator = new WorldSimulator(parameters, 1);
    LocalDate day = MonthCalendar.day(end + 1, 4);
    List<String> active = new ArrayList<>();
    for (Row loan : rows(simulator, EnumSet.of(WorldTable.LOANS), List.of())
        .get(WorldTable.LOANS)) {
      Date closed = loan.getDate(9);
      Date writtenOff = loan.getDate(10);
      if (loan.getDate(6).toLocalDate().isBefore(MonthCalendar.end(end))
          && (closed == null || closed.toLocalDate().isAfter(MonthCalendar.end(end)))
          && (writtenOff == null || writtenOff.toLocalDate().isAfter(MonthCalendar.end(end)))) {
        active.add(loan.getString(0));
      }
    }
    List<WorldSimulator.PlannedVisit> plans = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      plans.add(new WorldSimulator.PlannedVisit(active.get(i), end, "T2-1", day, "09:30-11:00"));
    }
    List<Row> visits = rows(simulator, EnumSet.of(WorldTable.VISITS), plans)
        .get(WorldTable.VISITS);
    assertEquals(20, visits.size());
    for (Row visit : visits) {
      LocalDateTime time = visit.getTimestamp(4).toInstant().atZone(ZoneOffset.UTC)
          .toLocalDateTime();
      assertEquals(day, time.toLocalDate());
      assertTrue(!time.toLocalTime().isBefore(java.time.LocalTime.of(9, 30))
          && time.toLocalTime().isBefore(java.time.LocalTime.of(11, 0)), time.toString());
      assertEquals("T2-1", visit.getString(2));
      assertTrue(visit.getString(3).startsWith("T2-1-O"));
      assertEquals(visit.getString(1) + "-V" + day.toString().substring(0, 7).replace("-", ""),
          visit.getString(0));
    }
    List<WorldSimulator.PlannedVisit> replay = new ArrayList<>();
    for (WorldSimulator.PlannedVisit plan : plans) {
      replay.add(new WorldSimulator.PlannedVisit(plan.loanId(), end, plan.teamId(), null, null));
    }
    Map<WorldTable, List<Row>> replayed = rows(simulator, EnumSet.of(WorldTable.VISITS,
        WorldTable.PAYMENTS), replay);
    assertTrue(replayed.get(WorldTable.VISITS).isEmpty());
    assertEquals(rows(simulator, EnumSet.of(WorldTable.PAYMENTS), plans).get(WorldTable.PAYMENTS),
        replayed.get(WorldTable.PAYMENTS), "a replayed plan has the same effect");
    assertNull(new Geography(parameters).teamIndex("T9-1"));
  }
}
