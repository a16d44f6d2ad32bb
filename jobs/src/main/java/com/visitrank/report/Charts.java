package com.visitrank.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts: JFreeChart charts drawn by JFreeSVG into inline SVG elements, so their
 * text stays text (the browser renders it, Chinese included) and prints sharp at any size.
 * Colours are few and dark enough to survive a black-and-white printer.
 */
final class Charts {

  static final int WIDTH = 760;
  static final int HEIGHT = 340;
  private static final Color[] SERIES = {new Color(0x1f4e79), new Color(0xc55a11),
      new Color(0x548235), new Color(0x7f7f7f)};
  private static final Font TICK = new Font("SansSerif", Font.PLAIN, 12);
  private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 13);

  private Charts() {}

  /** One bar per category and series, with its 95% interval as whiskers (half-width given). */
  static String intervalBars(String id, String valueLabel,
      Map<String, Map<String, double[]>> seriesToCategoryToMeanHalfWidth) {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    seriesToCategoryToMeanHalfWidth.forEach((series, categories) -> categories.forEach(
        (category, v) -> data.add(v[0], v[1], series, category)));
    JFreeChart chart = ChartFactory.createLineChart(null, null, valueLabel, data,
        PlotOrientation.VERTICAL, seriesToCategoryToMeanHalfWidth.size() > 1, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    StatisticalBarRenderer renderer = new StatisticalBarRenderer();
    renderer.setErrorIndicatorPaint(Color.BLACK);
    renderer.setErrorIndicatorStroke(new BasicStroke(1.5f));
    plot.setRenderer(renderer);
    style(chart);
    return svg(chart, id, WIDTH, HEIGHT);
  }

  /** Plain bars: series to category to value. */
  static String bars(String id, String valueLabel, Map<String, Map<String, Double>> values,
      boolean horizontal) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((series, categories) -> categories.forEach(
        (category, v) -> data.addValue(v, series, category)));
    JFreeChart chart = ChartFactory.createBarChart(null, null, valueLabel, data,
        horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, values.size() > 1,
        false, false);
    style(chart);
    int height = horizontal ? Math.max(HEIGHT, 60 + 26 * data.getColumnCount()) : HEIGHT;
    return svg(chart, id, WIDTH, height);
  }

  /** Lines through points: series to list of (x, y). */
  static String lines(String id, String xLabel, String yLabel,
      Map<String, List<double[]>> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach((name, points) -> {
      XYSeries s = new XYSeries(name, false);
      for (double[] p : points) {
        s.add(p[0], p[1]);
      }
      data.addSeries(s);
    });
    JFreeChart chart = ChartFactory.createXYLineChart(null, xLabel, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
      renderer.setSeriesStroke(i, i == 0 ? new BasicStroke(2.5f) : new BasicStroke(1.5f,
          BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    plot.setRenderer(renderer);
    style(chart);
    return svg(chart, id, WIDTH, HEIGHT);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(LABEL);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    if (chart.getPlot() instanceof CategoryPlot plot) {
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(new Color(0xbbbbbb));
      plot.setOutlineVisible(false);
      CategoryAxis domain = plot.getDomainAxis();
      domain.setTickLabelFont(TICK);
      domain.setLabelFont(LABEL);
      domain.setMaximumCategoryLabelLines(2);
      if (plot.getCategoriesForAxis(domain).size() > 8
          && plot.getOrientation() == PlotOrientation.VERTICAL) {
        domain.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
      }
      NumberAxis range = (NumberAxis) plot.getRangeAxis();
      range.setTickLabelFont(TICK);
      range.setLabelFont(LABEL);
      if (plot.getRenderer() instanceof BarRenderer bars) {
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.12);
        for (int i = 0; i < SERIES.length; i++) {
          bars.setSeriesPaint(i, SERIES[i]);
        }
      }
    } else if (chart.getPlot() instanceof XYPlot plot) {
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(new Color(0xbbbbbb));
      plot.setDomainGridlinePaint(new Color(0xbbbbbb));
      plot.setOutlineVisible(false);
      plot.getDomainAxis().setTickLabelFont(TICK);
      plot.getDomainAxis().setLabelFont(LABEL);
      plot.getRangeAxis().setTickLabelFont(TICK);
      plot.getRangeAxis().setLabelFont(LABEL);
    }
  }

  private static String svg(JFreeChart chart, String id, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    return g.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
  }
}
