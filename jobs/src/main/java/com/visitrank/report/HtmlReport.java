package com.visitrank.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The committee report as one self-contained HTML file per language (no external file, font,
 * script or style: charts are inline SVG): first a one-page summary (what was spent, what was
 * gained, how sure we are, what to decide), then charts and tables. Words come from
 * {@code report/messages_<lang>.properties}; numbers are formatted the same way in both.
 */
public final class HtmlReport {

  /** A report language and the file it is written to. */
  public enum Language {
    EN("en"), ZH("zh");

    private final String code;

    Language(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public String fileName() {
      return "report." + code + ".html";
    }
  }

  /** The file that links both languages. */
  public static final String INDEX = "index.html";

  /**
   * The figures of the summary page.
   *
   * @param horizon the follow-up window they are for (the longest evaluated one)
   * @param recovered the effect row on the amount recovered, overall, at that window
   * @param plans plan dates evaluated at that window
   * @param visits visits made to planned loans within it
   * @param spent cost of those visits
   * @param perLoan extra amount recovered per planned loan (CUPED when it narrows the interval)
   * @param low lower end of its 95% interval
   * @param high upper end
   * @param pValue its p-value
   * @param cupedUsed whether the figures are CUPED-adjusted
   */
  public record Headline(int horizon, ReportData.Effect recovered, long plans, double visits,
      double spent, double perLoan, double low, double high, double pValue, boolean cupedUsed) {

    public double gained() {
      return perLoan * recovered.nTreated();
    }

    public double gainedLow() {
      return low * recovered.nTreated();
    }

    public double gainedHigh() {
      return high * recovered.nTreated();
    }

    /** expand, positive, unproven or negative. */
    public String decision() {
      if (high < 0) {
        return "negative";
      }
      if (low > 0) {
        return gainedLow() > spent ? "expand" : "positive";
      }
      return "unproven";
    }
  }

  private final ReportData data;
  private final Language language;
  private final Properties messages;
  private int chartId;

  private HtmlReport(ReportData data, Language language) {
    this.data = data;
    this.language = language;
    this.messages = messages(language);
  }

  /** The report in one language. */
  public static String render(ReportData data, Language language) {
    return new HtmlReport(data, language).html();
  }

  /** The index page linking both languages. */
  public static String index(ReportData data) {
    Properties zh = messages(Language.ZH);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(zh.getProperty("index.title"))).append("</title><style>").append(CSS)
        .append("</style></head><body><main><h1>").append(esc(zh.getProperty("index.title")))
        .append("</h1><p>").append(esc(data.asOf().toString())).append("</p><p>")
        .append(esc(zh.getProperty("index.choose"))).append(":</p><ul>");
    for (Language l : Language.values()) {
      Properties m = messages(l);
      b.append("<li><a href=\"").append(l.fileName()).append("\">")
          .append(esc(m.getProperty("lang.name"))).append(": ")
          .append(esc(m.getProperty("title"))).append("</a></li>");
    }
    return b.append("</ul></main></body></html>\n").toString();
  }

  /** The summary figures, or null when no window has enough matured loans in both arms. */
  public static Headline headline(ReportData data) {
    ReportData.Effect best = null;
    for (ReportData.Effect e : data.effects()) {
      if (e.metric().equals("recovered") && e.dimension().equals("all") && !e.tooFew()
          && (best == null || e.horizon() > best.horizon())) {
        best = e;
      }
    }
    if (best == null) {
      return null;
    }
    int h = best.horizon();
    double costPer = 0;
    double visitsPer = 0;
    for (ReportData.Effect e : data.effects()) {
      if (e.horizon() == h && e.dimension().equals("all") && e.meanTreated() != null) {
        if (e.metric().equals("cost")) {
          costPer = e.meanTreated();
        } else if (e.metric().equals("visits")) {
          visitsPer = e.meanTreated();
        }
      }
    }
    TreeSet<String> plans = new TreeSet<>();
    for (ReportData.Effect e : data.effects()) {
      if (e.horizon() == h && e.metric().equals("recovered")
          && e.dimension().equals("plan_date")) {
        plans.add(e.group());
      }
    }
    boolean cuped = best.varianceReduction() != null && best.varianceReduction() > 0;
    long n = best.nTreated();
    return new Headline(h, best, plans.size(), visitsPer * n, costPer * n,
        cuped ? best.cuped() : best.itt(), cuped ? best.cupedLow() : best.low(),
        cuped ? best.cupedHigh() : best.high(), cuped ? best.cupedP() : best.pValue(), cuped);
  }

  private String html() {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"").append(m("lang")).append("\"><head>")
        .append("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>").append(esc(m("title"))).append("</title><style>").append(CSS)
        .append("</style></head><body><main>");
    Language other = language == Language.EN ? Language.ZH : Language.EN;
    b.append("<nav><a href=\"").append(other.fileName()).append("\">")
        .append(esc(m("lang.other"))).append("</a></nav>");
    b.append("<h1>").append(esc(m("title"))).append("</h1><p class=\"sub\">")
        .append(esc(f("subtitle", data.asOf(), data.runId()))).append("</p>");
    summary(b);
    outcomes(b);
    effects(b);
    teams(b);
    qini(b);
    findings(b);
    monitoring(b);
    b.append("<section><h2>").append(esc(m("methods"))).append("</h2><p class=\"note\">")
        .append(esc(m("methods.text"))).append("</p></section>");
    return b.append("</main></body></html>\n").toString();
  }

  private void summary(StringBuilder b) {
    b.append("<section class=\"summary\"><h2>").append(esc(m("summary"))).append("</h2>");
    Headline h = headline(data);
    if (h == null) {
      b.append("<p class=\"decide\">").append(esc(m("decision.nothing"))).append("</p>");
      if (data.outcomes().isEmpty()) {
        b.append("<p>").append(esc(f("summary.nothing", data.asOf()))).append("</p>");
      }
      planTable(b);
      b.append("</section>");
      return;
    }
    ReportData.Effect r = h.recovered();
    String cupedSentence;
    if (h.cupedUsed()) {
      cupedSentence = f("summary.sure.cuped", prePeriodDays(),
          pct(r.varianceReduction()), money(r.itt()), money(r.low()), money(r.high()));
    } else {
      cupedSentence = m("summary.sure.nocuped");
    }
    b.append("<div class=\"cards\">");
    card(b, m("summary.spent"), money(h.spent()), f("summary.spent.detail",
        count(Math.round(h.visits())), count(r.nTreated()), count(h.plans()),
        count(r.nControl())));
    card(b, m("summary.gained"), signed(h.gained()), f("summary.gained.detail", h.horizon(),
        signed(h.perLoan()), signed(h.low()), signed(h.high()),
        h.spent() > 0 ? String.format(Locale.ROOT, "%.2f", h.gained() / h.spent()) : "–"));
    card(b, m("summary.sure"), f("summary.sure.value", pValue(h.pValue())),
        f("summary.sure.detail", signed(h.gainedLow()), signed(h.gainedHigh()), cupedSentence));
    String decision = m("decision." + h.decision());
    b.append("</div><div class=\"decide\"><h3>").append(esc(m("summary.decide")))
        .append("</h3><p>").append(esc(decision)).append("</p></div>");
    b.append(intervalChart(m("chart.effect"), "recovered", "all", null));
    planTable(b);
    b.append("</section>");
  }

  private void card(StringBuilder b, String title, String value, String detail) {
    b.append("<div class=\"card\"><h3>").append(esc(title)).append("</h3><p class=\"big\">")
        .append(esc(value)).append("</p><p>").append(esc(detail)).append("</p></div>");
  }

  private void planTable(StringBuilder b) {
    Map<String, Map<Integer, String>> status = new LinkedHashMap<>();
    for (ReportData.Outcome o : data.outcomes()) {
      status.computeIfAbsent(o.planDate().toString(), k -> new LinkedHashMap<>())
          .put(o.horizon(), o.status());
    }
    if (status.isEmpty()) {
      return;
    }
    b.append("<h3>").append(esc(m("plans"))).append("</h3>");
    List<String> headers = new ArrayList<>(List.of(m("col.plan_date")));
    List<Integer> horizons = List.of(30, 60, 90);
    for (int h : horizons) {
      headers.add(f("days", h));
    }
    List<String[]> rows = new ArrayList<>();
    status.forEach((date, byHorizon) -> {
      String[] row = new String[horizons.size() + 1];
      row[0] = date;
      for (int i = 0; i < horizons.size(); i++) {
        String s = byHorizon.get(horizons.get(i));
        row[i + 1] = s == null ? "–" : m("status." + s);
      }
      rows.add(row);
    });
    table(b, headers.toArray(String[]::new), rows);
    b.append("<p class=\"note\">").append(esc(m("plans.note"))).append("</p>");
  }

  private void outcomes(StringBuilder b) {
    if (data.outcomes().isEmpty()) {
      return;
    }
    b.append("<section><h2>").append(esc(m("outcomes"))).append("</h2>");
    Map<String, Map<String, Double>> cure = new LinkedHashMap<>();
    for (ReportData.Effect e : data.effects()) {
      if (e.metric().equals("cured") && e.dimension().equals("all")) {
        String category = f("days", e.horizon());
        if (e.meanTreated() != null) {
          cure.computeIfAbsent(m("arm.visit"), k -> new LinkedHashMap<>())
              .put(category, e.meanTreated());
        }
        if (e.meanControl() != null) {
          cure.computeIfAbsent(m("arm.control"), k -> new LinkedHashMap<>())
              .put(category, e.meanControl());
        }
      }
    }
    if (!cure.isEmpty()) {
      b.append("<h3>").append(esc(m("chart.cure"))).append("</h3>")
          .append(Charts.bars(nextId(), m("axis.rate"), cure, false));
    }
    List<String[]> rows = new ArrayList<>();
    for (ReportData.Outcome o : data.outcomes()) {
      rows.add(new String[] {o.planDate().toString(), f("days", o.horizon()),
          m("arm." + o.arm()), m("status." + o.status()), count(o.loans()), pct(o.cureRate()),
          pct(o.rollRate()), money(o.recoveredMean()),
          o.promisesMade() == null || o.promisesMade() == 0 ? "–"
              : count(o.promisesKept()) + " / " + count(o.promisesMade()) + " ("
                  + pct(o.keptShare()) + ")",
          o.visits() == null ? "–" : count(o.visits()), money(o.cost())});
    }
    table(b, new String[] {m("col.plan_date"), m("col.horizon"), m("col.arm"),
        m("col.status"), m("col.loans"), m("col.cure_rate"), m("col.roll_rate"),
        m("col.recovered_mean"), m("col.promises"), m("col.visits"), m("col.cost")}, rows);
    b.append("</section>");
  }

  private void effects(StringBuilder b) {
    if (data.effects().isEmpty()) {
      return;
    }
    b.append("<section><h2>").append(esc(m("effects"))).append("</h2><p class=\"note\">")
        .append(esc(f("effects.note", prePeriodDays(), data.minGroupSize()))).append("</p>");
    List<String[]> rows = new ArrayList<>();
    for (ReportData.Effect e : data.effects()) {
      if (e.dimension().equals("all") && List.of("recovered", "cured", "rolled_forward")
          .contains(e.metric())) {
        rows.add(effectRow(e, m("metric." + e.metric()) + ", " + f("days", e.horizon()),
            !e.metric().equals("recovered")));
      }
    }
    table(b, effectHeaders(m("col.metric")), rows);
    Headline h = headline(data);
    if (h != null) {
      b.append("<h3>").append(esc(f("breakdown", h.horizon()))).append("</h3>");
      for (String dimension : List.of("plan_date", "team", "region", "bucket", "product",
          "segment")) {
        List<String[]> dimRows = new ArrayList<>();
        for (ReportData.Effect e : data.effects()) {
          if (e.horizon() == h.horizon() && e.metric().equals("recovered")
              && e.dimension().equals(dimension)) {
            dimRows.add(effectRow(e, value(e.group()), false));
          }
        }
        if (!dimRows.isEmpty()) {
          b.append("<h4>").append(esc(m("dim." + dimension))).append("</h4>");
          table(b, effectHeaders(m("dim." + dimension)), dimRows);
        }
      }
    }
    b.append("</section>");
  }

  private String[] effectHeaders(String first) {
    return new String[] {first, m("col.n"), m("col.mean_t"), m("col.mean_c"), m("col.itt"),
        m("col.interval"), m("col.p"), m("col.cuped"), m("col.cuped_interval"),
        m("col.reduction"), m("col.wald"), m("col.wald_interval")};
  }

  private String[] effectRow(ReportData.Effect e, String label, boolean rate) {
    String n = count(e.nTreated()) + " / " + count(e.nControl());
    if (e.tooFew()) {
      return new String[] {label, n, tooFew()};
    }
    return new String[] {label, n, amount(e.meanTreated(), rate), amount(e.meanControl(), rate),
        effect(e.itt(), rate), interval(e.low(), e.high(), rate), pValue(e.pValue()),
        effect(e.cuped(), rate), interval(e.cupedLow(), e.cupedHigh(), rate),
        pct(e.varianceReduction()), effect(e.wald(), rate),
        interval(e.waldLow(), e.waldHigh(), rate)};
  }

  private void teams(StringBuilder b) {
    Headline h = headline(data);
    if (h == null) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    for (ReportData.Team t : data.teams()) {
      if (t.horizon() != h.horizon()) {
        continue;
      }
      String n = count(t.nTreated()) + " / " + count(t.nControl());
      rows.add(t.tooFew()
          ? new String[] {t.team(), n, tooFew()}
          : new String[] {t.team(), n, money(t.costPerTreated()),
              signed(t.incrementalPerTreated()), signed(t.incrementalTotal()),
              signed(t.perVisit()), t.perCost() == null ? "–"
                  : String.format(Locale.ROOT, "%.2f", t.perCost())});
    }
    if (rows.isEmpty()) {
      return;
    }
    b.append("<section><h2>").append(esc(f("teams", h.horizon()))).append("</h2>")
        .append(intervalChart(m("chart.teams"), "recovered", "team", h.horizon()));
    b.append("<p class=\"note\">").append(esc(m("teams.note"))).append("</p>");
    table(b, new String[] {m("col.team"), m("col.n"), m("col.cost_per"), m("col.itt"),
        m("col.total"), m("col.per_visit"), m("col.per_cost")}, rows);
    b.append("</section>");
  }

  private void qini(StringBuilder b) {
    b.append("<section><h2>").append(esc(m("qini"))).append("</h2>");
    ReportData.Qini q = data.qini();
    if (q == null) {
      b.append("<p class=\"note\">").append(esc(f("qini.none", data.qiniNote())))
          .append("</p></section>");
      return;
    }
    List<double[]> curve = new ArrayList<>();
    List<double[]> random = new ArrayList<>();
    for (int i = 0; i < q.share().length; i++) {
      curve.add(new double[] {q.share()[i], q.qini()[i]});
      random.add(new double[] {q.share()[i], q.random()[i]});
    }
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put(m("series.ranking"), curve);
    series.put(m("series.random"), random);
    b.append(Charts.lines(nextId(), m("axis.share"), m("axis.qini"), series));
    b.append("<p class=\"note\">").append(esc(f("qini.note", q.horizon(), signed(q.area()),
        signed(q.low()), signed(q.high()), count(q.loans())))).append("</p></section>");
  }

  private void findings(StringBuilder b) {
    if (data.findings().isEmpty()) {
      return;
    }
    b.append("<section><h2>").append(esc(m("findings"))).append("</h2><p class=\"note\">")
        .append(esc(m("findings.note"))).append("</p>");
    Map<String, Double> reasons = new LinkedHashMap<>();
    long failed = 0;
    long met = 0;
    for (ReportData.Finding f : data.findings()) {
      if (f.segmentDimension().equals("all") && f.finding().equals("overdue_reason")) {
        reasons.put(value(f.value()), (double) f.met());
      }
      if (f.segmentDimension().equals("all") && f.finding().equals("verification")) {
        met += f.met();
        if (f.value().equals("failed")) {
          failed += f.met();
        }
      }
    }
    b.append("<h3>").append(esc(m("chart.reasons"))).append("</h3>")
        .append(Charts.bars(nextId(), m("axis.borrowers"),
            Map.of(m("axis.borrowers"), reasons), true));
    if (met > 0) {
      b.append("<p>").append(esc(f("verification", count(failed), count(met),
          pct((double) failed / met)))).append("</p>");
    }
    for (String finding : List.of("overdue_reason", "ability_willingness", "agreed_action")) {
      List<String[]> rows = new ArrayList<>();
      for (ReportData.Finding f : data.findings()) {
        if (f.finding().equals(finding) && List.of("all", "bucket")
            .contains(f.segmentDimension())) {
          String segment = f.segmentDimension().equals("all") ? m("dim.all")
              : m("dim.bucket") + " " + f.segmentValue();
          rows.add(new String[] {valuePair(f.value()), segment, count(f.met()), pct(f.share()),
              count(f.verificationFailed()),
              f.tooFew() ? tooFew() : pct(f.cureRate()),
              f.tooFew() ? "" : money(f.recoveredMean())});
        }
      }
      b.append("<h3>").append(esc(m("finding." + finding))).append("</h3>");
      table(b, new String[] {m("finding." + finding), m("col.group"), m("col.met"),
          m("col.share"), m("col.failed"), m("col.cure30"), m("col.rec30")}, rows);
    }
    if (!data.traits().isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      for (ReportData.Trait t : data.traits()) {
        rows.add(new String[] {value(t.reason()), count(t.borrowers()),
            String.format(Locale.ROOT, "%.0f", t.meanDpd()), pct(t.shareLong()),
            value(t.topProduct()) + " (" + pct(t.topProductShare()) + ")",
            value(t.topSegment()) + " (" + pct(t.topSegmentShare()) + ")",
            pct(t.unableShare()), pct(t.unwillingShare()), pct(t.verificationFailedShare())});
      }
      b.append("<h3>").append(esc(m("traits"))).append("</h3>");
      table(b, new String[] {m("col.reason"), m("col.borrowers"), m("col.mean_dpd"),
          m("col.share_long"), m("col.top_product"), m("col.top_segment"), m("col.unable"),
          m("col.unwilling"), m("col.failed")}, rows);
    }
    b.append("</section>");
  }

  private void monitoring(StringBuilder b) {
    b.append("<section><h2>").append(esc(m("monitoring"))).append("</h2>");
    ReportData.Monitoring mon = data.monitoring();
    if (mon == null) {
      b.append("<p class=\"note\">").append(esc(f("monitoring.none", data.monitoringNote())))
          .append("</p></section>");
      return;
    }
    b.append("<p>").append(esc(f("monitoring.summary", mon.modelVersion(), count(mon.rows()),
        decimal(mon.auc()), decimal(mon.ks())))).append("</p>");
    if (!mon.calibration().isEmpty()) {
      List<double[]> observed = new ArrayList<>();
      List<double[]> ideal = new ArrayList<>();
      List<String[]> rows = new ArrayList<>();
      for (ReportData.Calibration c : mon.calibration()) {
        observed.add(new double[] {c.predicted(), c.observed()});
        ideal.add(new double[] {c.predicted(), c.predicted()});
        rows.add(new String[] {String.valueOf(c.decile()), count(c.rows()), pct(c.predicted()),
            pct(c.observed())});
      }
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      series.put(m("series.observed"), observed);
      series.put(m("series.ideal"), ideal);
      b.append("<h3>").append(esc(m("chart.calibration"))).append("</h3>")
          .append(Charts.lines(nextId(), m("axis.predicted"), m("axis.observed"), series));
      table(b, new String[] {m("col.decile"), m("col.loans"), m("col.predicted"),
          m("col.observed")}, rows);
    }
    if (mon.psi().isEmpty()) {
      b.append("<p class=\"note\">").append(esc(f("monitoring.nopsi", mon.psiNote())))
          .append("</p>");
    } else {
      b.append("<p class=\"note\">").append(esc(m("monitoring.psi"))).append("</p>");
      List<String[]> rows = new ArrayList<>();
      for (ReportData.Psi p : mon.psi()) {
        rows.add(new String[] {p.item(), decimal(p.value()), m("flag." + p.flag())});
      }
      table(b, new String[] {m("col.item"), m("col.psi"), m("col.flag")}, rows);
    }
    b.append("</section>");
  }

  /** Effects of one metric and dimension (at one horizon, or by horizon) as interval bars. */
  private String intervalChart(String title, String metric, String dimension, Integer horizon) {
    Map<String, double[]> itt = new LinkedHashMap<>();
    Map<String, double[]> cuped = new LinkedHashMap<>();
    for (ReportData.Effect e : data.effects()) {
      if (e.metric().equals(metric) && e.dimension().equals(dimension) && !e.tooFew()
          && (horizon == null || e.horizon() == horizon)) {
        String category = horizon == null ? f("days", e.horizon()) : value(e.group());
        itt.put(category, new double[] {e.itt(), (e.high() - e.low()) / 2});
        cuped.put(category, new double[] {e.cuped(), (e.cupedHigh() - e.cupedLow()) / 2});
      }
    }
    if (itt.isEmpty()) {
      return "";
    }
    Map<String, Map<String, double[]>> series = new LinkedHashMap<>();
    series.put(m("col.itt"), itt);
    series.put(m("col.cuped"), cuped);
    return "<h3>" + esc(title) + "</h3>" + Charts.intervalBars(nextId(), m("axis.amount"),
        series);
  }

  /** Marks a cell that stands for the rest of its row: "too few to say". */
  private static final String TOO_FEW = "\u0000few:";

  private String tooFew() {
    return TOO_FEW + m("toofew");
  }

  private int prePeriodDays() {
    return data.prePeriodDays();
  }

  private String nextId() {
    return "chart" + (++chartId);
  }

  private static void table(StringBuilder b, String[] headers, List<String[]> rows) {
    b.append("<table><thead><tr>");
    for (String h : headers) {
      b.append("<th>").append(esc(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (String[] row : rows) {
      b.append("<tr>");
      for (int i = 0; i < row.length; i++) {
        String cell = row[i];
        if (cell.startsWith(TOO_FEW)) {
          // "too few to say" stands for every number that follows it in the row
          b.append("<td class=\"few\" colspan=\"").append(row.length - i).append("\">")
              .append(esc(cell.substring(TOO_FEW.length()))).append("</td>");
          break;
        }
        boolean number = cell.matches("[-+–<0-9.,% /()p]+") && !cell.isBlank();
        b.append(number ? "<td class=\"n\">" : "<td>").append(esc(cell)).append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table>");
  }

  private String m(String key) {
    String v = messages.getProperty(key);
    if (v == null) {
      throw new IllegalStateException("report message missing: " + key + " ("
          + language.code() + ")");
    }
    return v;
  }

  private String f(String key, Object... args) {
    return String.format(Locale.ROOT, m(key), args);
  }

  /** A code value in the report's language (codes without a translation stay as they are). */
  private String value(String code) {
    return code == null ? "–" : messages.getProperty("value." + code, code);
  }

  private String valuePair(String code) {
    String[] parts = code.split("/");
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      out.add(value(p));
    }
    return String.join(" / ", out);
  }

  private static String money(Double v) {
    return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String signed(Double v) {
    return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%+,.0f", v);
  }

  private static String pct(Double v) {
    return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String signedPct(Double v) {
    return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%+.1f pp", 100 * v);
  }

  private static String decimal(Double v) {
    return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String count(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String pValue(Double p) {
    if (p == null || p.isNaN()) {
      return "–";
    }
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  private static String amount(Double v, boolean rate) {
    return rate ? pct(v) : money(v);
  }

  private static String effect(Double v, boolean rate) {
    return rate ? signedPct(v) : signed(v);
  }

  private static String interval(Double low, Double high, boolean rate) {
    if (low == null || high == null) {
      return "–";
    }
    return effect(low, rate) + " .. " + effect(high, rate);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static Properties messages(Language language) {
    Properties p = new Properties();
    String resource = "/report/messages_" + language.code() + ".properties";
    try (InputStream in = HtmlReport.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static final String CSS = "body{font-family:\"Noto Sans\",\"Noto Sans CJK SC\","
      + "\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;color:#1a1a1a;"
      + "margin:0;background:#fff;font-size:15px;line-height:1.45}"
      + "main{max-width:1080px;margin:0 auto;padding:24px 32px}"
      + "nav{float:right;font-size:14px}"
      + "h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid #1f4e79;"
      + "padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:18px 0 6px}"
      + "h4{font-size:15px;margin:14px 0 4px}.sub{color:#555;margin:0 0 8px}"
      + ".cards{display:grid;grid-template-columns:repeat(3,1fr);gap:14px}"
      + ".card{border:1px solid #bbb;border-radius:6px;padding:10px 14px}"
      + ".card h3{margin:0;font-size:14px;color:#444;text-transform:uppercase}"
      + ".card p{margin:4px 0;font-size:14px}"
      + ".card p.big{font-size:30px;font-weight:700;margin:4px 0;color:#1f4e79}"
      + ".decide{border-left:6px solid #c55a11;background:#fbf3ec;padding:6px 14px;"
      + "margin:14px 0}.decide h3{margin:4px 0}.decide p{margin:4px 0;font-size:16px}"
      + "table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}"
      + "th,td{border:1px solid #ccc;padding:3px 7px;vertical-align:top}"
      + "th{background:#eef2f7;text-align:left}td.n{text-align:right;white-space:nowrap}"
      + "td.few{color:#777;font-style:italic;white-space:nowrap}.note{color:#444;font-size:13px}"
      + "svg{width:100%;max-width:760px;height:auto;display:block}"
      + "@media print{main{padding:0}.summary{page-break-after:always}nav{display:none}"
      + "section{page-break-inside:auto}table,svg{page-break-inside:avoid}}"
      + "@page{size:A4;margin:14mm}";
}
