package com.visitrank.world;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Months as integers ({@code year * 12 + month - 1}) so that the simulation can step and compare
 * them cheaply.
 */
public final class MonthCalendar {

  private MonthCalendar() {}

  public static int index(LocalDate date) {
    return date.getYear() * 12 + date.getMonthValue() - 1;
  }

  public static int index(YearMonth month) {
    return month.getYear() * 12 + month.getMonthValue() - 1;
  }

  public static YearMonth month(int index) {
    return YearMonth.of(Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
  }

  public static LocalDate day(int index, int dayOfMonth) {
    return month(index).atDay(dayOfMonth);
  }

  public static LocalDate end(int index) {
    return month(index).atEndOfMonth();
  }
}
