package com.visitrank.jobs;

import com.visitrank.report.ReportData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Collected evaluation rows as the report's records. */
final class ReportRows {

  private ReportRows() {}

  static List<ReportData.Outcome> outcomes(List<Row> rows) {
    List<ReportData.Outcome> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new ReportData.Outcome(r.getDate(0).toLocalDate(), r.getInt(1), r.getString(2),
          r.getString(3), r.getLong(4), d(r, 5), d(r, 6), d(r, 8), l(r, 9), l(r, 10), d(r, 11),
          l(r, 12), d(r, 14)));
    }
    return out;
  }

  /** Rows of {@link com.visitrank.evaluation.Effects#estimate}, by position. */
  static List<ReportData.Effect> effects(List<Row> rows) {
    List<ReportData.Effect> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new ReportData.Effect(r.getInt(0), r.getString(1), r.getString(2),
          r.getString(3), r.getLong(4), r.getLong(5), d(r, 6), d(r, 7), r.getBoolean(8),
          d(r, 9), d(r, 11), d(r, 12), d(r, 13), d(r, 14), d(r, 16), d(r, 17), d(r, 18),
          d(r, 19), d(r, 23), d(r, 24), d(r, 25)));
    }
    return out;
  }

  static List<ReportData.Team> teams(List<Row> rows) {
    List<ReportData.Team> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new ReportData.Team(r.getInt(0), r.getString(1), r.getLong(2), r.getLong(3),
          r.getBoolean(4), d(r, 5), d(r, 6), d(r, 7), d(r, 8), d(r, 9), d(r, 10)));
    }
    return out;
  }

  static List<ReportData.Finding> findings(List<Row> rows) {
    List<ReportData.Finding> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new ReportData.Finding(r.getString(0), r.getString(1), r.getString(2),
          r.getString(3), r.getLong(4), r.getDouble(5), r.getLong(6), d(r, 7), d(r, 8),
          r.getBoolean(9)));
    }
    return out;
  }

  static List<ReportData.Trait> traits(List<Row> rows) {
    List<ReportData.Trait> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new ReportData.Trait(r.getString(0), r.getLong(1), r.getDouble(2), r.getDouble(3),
          r.isNullAt(4) ? 0 : r.getDouble(4), r.getString(5), r.getDouble(6), r.getString(7),
          r.getDouble(8), r.getDouble(9), r.getDouble(10), r.getDouble(11)));
    }
    return out;
  }

  private static Double d(Row r, int i) {
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }

  private static Long l(Row r, int i) {
    return r.isNullAt(i) ? null : ((Number) r.get(i)).longValue();
  }
}
