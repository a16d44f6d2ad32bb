package com.visitrank.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static ReportData.Effect effect(int horizon, String metric, String dimension,
      String group, long nT, long nC, double meanT, double meanC, boolean tooFew, double itt,
      double low, double high, double p) {
    return tooFew
        ? new ReportData.Effect(horizon, metric, dimension, group, nT, nC, meanT, meanC, true,
            null, null, null, null, null, null, null, null, null, null, null, null)
        : new ReportData.Effect(horizon, metric, dimension, group, nT, nC, meanT, meanC, false,
            itt, low, high, p, itt, low, high, p, -0.1, itt * 2, low * 2, high * 2);
  }

  /** 200 planned loans: 250 visits costing 40,000; 300 more recovered per loan (100..500). */
  static ReportData data() {
    List<ReportData.Effect> effects = List.of(
        effect(30, "recovered", "all", "all", 200, 180, 1300, 1000, false, 300, 100, 500,
            0.004),
        effect(30, "cured", "all", "all", 200, 180, 0.45, 0.38, false, 0.07, 0.01, 0.13, 0.03),
        effect(30, "cost", "all", "all", 200, 180, 200, 0, false, 200, 190, 210, 0.0001),
        effect(30, "visits", "all", "all", 200, 180, 1.25, 0, false, 1.25, 1.2, 1.3, 0.0001),
        effect(30, "recovered", "plan_date", "2025-09-30", 200, 180, 1300, 1000, false, 300,
            100, 500, 0.004),
        effect(30, "recovered", "team", "R1-T1", 190, 170, 1300, 1000, false, 300, 100, 500,
            0.004),
        effect(30, "recovered", "team", "R9-T2", 10, 10, 900, 800, true, 0, 0, 0, 0));
    return new ReportData(LocalDate.of(2025, 12, 31), "evaluate-test", 30, 90,
        List.of(new ReportData.Outcome(LocalDate.of(2025, 9, 30), 30, "visit", "matured", 200,
                0.45, 0.2, 1300.0, 80L, 30L, 0.375, 250L, 40000.0),
            new ReportData.Outcome(LocalDate.of(2025, 9, 30), 60, "visit", "pending", 200,
                null, null, null, null, null, null, null, null)),
        effects,
        List.of(new ReportData.Team(30, "R1-T1", 190, 170, false, 1.25, 200.0, 300.0, 57000.0,
            240.0, 1.5), new ReportData.Team(30, "R9-T2", 10, 10, true, 1.0, 200.0, null, null,
            null, null)),
        null, "no evaluated plan came from a ranked target list",
        List.of(new ReportData.Finding("overdue_reason", "illness", "all", "all", 40, 0.5, 3,
            0.4, 900.0, false), new ReportData.Finding("verification", "failed", "all", "all",
            8, 0.1, 8, null, null, true), new ReportData.Finding("verification", "verified",
            "all", "all", 72, 0.9, 0, 0.5, 1000.0, false)),
        List.of(new ReportData.Trait("illness", 40, 25, 0.2, 300, "consumer", 0.6, "salaried",
            0.5, 0.1, 0.05, 0.02)),
        null, "no evaluated plan carries a model score");
  }

  @Test
  void theSummaryStatesSpendGainCertaintyAndDecisionInBothLanguages() {
    String en = HtmlReport.render(data(), HtmlReport.Language.EN);
    String zh = HtmlReport.render(data(), HtmlReport.Language.ZH);
    for (String html : List.of(en, zh)) {
      assertTrue(html.contains(">40,000<"), "spent: 200 loans x 200 per loan");
      assertTrue(html.contains(">+60,000<"), "gained: 200 loans x 300 per loan");
      assertTrue(html.contains("+20,000") && html.contains("+100,000"),
          "the gain's interval: 200 x 100 .. 200 x 500");
      assertTrue(html.contains("p = 0.004"));
      assertTrue(html.contains("<svg"), "charts are inline SVG");
    }
    assertTrue(en.contains("Continue, but target better"),
        "the gain's low end (20,000) is below the visits' cost (40,000)");
    assertTrue(en.contains("What was spent") && en.contains("How sure we are"));
    assertTrue(zh.contains("投入") && zh.contains("把握有多大") && zh.contains("需要决定什么"));
    assertTrue(zh.contains("<html lang=\"zh-CN\">"));
    assertTrue(zh.contains("疾病"), "overdue reasons are translated");
    assertTrue(en.contains("too few to say") && zh.contains("样本过少，无法判断"));
    assertTrue(en.contains("No Qini curve: no evaluated plan came from a ranked target list"));
    assertTrue(en.contains("No model monitoring: no evaluated plan carries a model score"));
  }

  @Test
  void decisionsFollowTheIntervalAndTheCost() {
    HtmlReport.Headline h = HtmlReport.headline(data());
    assertEquals(30, h.horizon());
    assertEquals(40000, h.spent(), 1e-9);
    assertEquals(250, h.visits(), 1e-9);
    assertEquals(60000, h.gained(), 1e-9);
    assertFalse(h.cupedUsed(), "CUPED widened the interval here (variance cut -10%)");
    // low end of the gain 20,000 is below the cost 40,000: positive, not expand
    assertEquals("positive", h.decision());
    assertEquals("expand", new HtmlReport.Headline(30, h.recovered(), 1, 250, 10000, 300, 100,
        500, 0.004, false).decision());
    assertEquals("unproven", new HtmlReport.Headline(30, h.recovered(), 1, 250, 10000, 300,
        -100, 700, 0.3, false).decision());
    assertEquals("negative", new HtmlReport.Headline(30, h.recovered(), 1, 250, 10000, -300,
        -500, -100, 0.004, false).decision());
  }

  @Test
  void withNothingMaturedTheSummarySaysSo() {
    ReportData empty = new ReportData(LocalDate.of(2025, 12, 31), "r", 30, 90, List.of(),
        List.of(), List.of(), null, "none", List.of(), List.of(), null, "none");
    assertNull(HtmlReport.headline(empty));
    String en = HtmlReport.render(empty, HtmlReport.Language.EN);
    assertTrue(en.contains("Nothing to decide yet"));
  }

  @Test
  void selfContainedNoExternalReferences() {
    // Charts refer to their own clip paths (url(#...)); anything else would leave the file.
    Pattern external = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|url\\((?!#)"
        + "|@import|<script|<link", Pattern.CASE_INSENSITIVE);
    for (HtmlReport.Language language : HtmlReport.Language.values()) {
      String html = HtmlReport.render(data(), language);
      assertFalse(external.matcher(html).find(), language + " report refers to something"
          + " outside itself");
    }
    String index = HtmlReport.index(data());
    assertTrue(index.contains("href=\"report.en.html\"")
        && index.contains("href=\"report.zh.html\""));
    assertFalse(external.matcher(index).find());
  }
}
