package com.visitrank.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.visitrank.config.EvaluateSettings;
import com.visitrank.evaluation.Monitoring;
import com.visitrank.io.Warehouse;
import com.visitrank.report.ReportData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Model monitoring for {@code evaluate}: realised AUC, KS and calibration of the scores on past
 * target lists once their label has matured, and PSI of the score and chosen features against
 * the model's validation rows ({@code models/<name>/<version>/validation}). Each part that lacks
 * its input is skipped with a note saying which.
 */
final class ModelMonitor {

  private final JobContext context;
  private final EvaluateSettings settings;

  ModelMonitor(JobContext context, EvaluateSettings settings) {
    this.context = context;
    this.settings = settings;
  }

  /** The monitoring, or null with {@code note[0]} saying why there is none. */
  ReportData.Monitoring run(Dataset<Row> planOutcomes, String[] note) {
    Dataset<Row> scored = planOutcomes.filter(col("horizon_days").equalTo(30)
        .and(col("probability").isNotNull()));
    Row latest = scored.agg(max("model_version"), max("plan_date")).first();
    if (latest.isNullAt(0)) {
      note[0] = "no evaluated plan carries a model score (targets/visit_targets.probability);"
          + " monitoring starts once 'target' has ranked a plan";
      return null;
    }
    String version = latest.getString(0);
    List<Monitoring.ScoreBin> bins = new ArrayList<>();
    for (Row row : Monitoring.scoreBins(scored.filter(col("realised_label").isNotNull()),
        "probability", "realised_label").collectAsList()) {
      bins.add(Monitoring.binOf(row));
    }
    long rows = 0;
    for (Monitoring.ScoreBin b : bins) {
      rows += Math.round(b.positives() + b.negatives());
    }
    List<ReportData.Calibration> calibration = new ArrayList<>();
    for (Monitoring.Decile d : Monitoring.calibration(bins)) {
      calibration.add(new ReportData.Calibration(d.decile(), d.rows(), d.predicted(),
          d.observed()));
    }
    Double auc = rows == 0 ? null : nan(Monitoring.auc(bins));
    Double ks = rows == 0 ? null : nan(Monitoring.ks(bins));

    Warehouse warehouse = context.warehouse();
    String validation = settings.modelName() + "/" + version + "/validation";
    List<ReportData.Psi> psi = new ArrayList<>();
    String psiNote = null;
    if (!warehouse.exists(Warehouse.MODELS, validation)) {
      psiNote = "no validation rows at " + warehouse.path(Warehouse.MODELS, validation)
          + " (written by 'train')";
    } else {
      Dataset<Row> reference = warehouse.read(Warehouse.MODELS, validation, new StructType()
          .add("loan_id", "string").add("as_of_date", "date").add("probability", "double"));
      Dataset<Row> current = scored.filter(col("plan_date").equalTo(latest.get(1)));
      List<Monitoring.ScoreBin> ref = bins(reference);
      List<Monitoring.ScoreBin> cur = bins(current);
      double value = Monitoring.scorePsi(ref, cur);
      if (!Double.isNaN(value)) {
        psi.add(new ReportData.Psi("score", value, Monitoring.flag(value)));
      }
      if (warehouse.exists(Warehouse.FEATURES, FeaturesJob.TABLE)) {
        StructType keys = new StructType().add("loan_id", "string").add("as_of_date", "date");
        Dataset<Row> refFeatures = FeaturesJob.read(warehouse, dates(reference), keys)
            .join(reference.select("loan_id", "as_of_date"), new String[] {"loan_id",
                "as_of_date"});
        Dataset<Row> curFeatures = FeaturesJob.read(warehouse,
            List.of(latest.getDate(1).toLocalDate()), keys).join(current.select(col("loan_id"),
                col("plan_date").as("as_of_date")), new String[] {"loan_id", "as_of_date"});
        for (String feature : settings.psiFeatures()) {
          if (!Arrays.asList(refFeatures.columns()).contains(feature)
              || !Arrays.asList(curFeatures.columns()).contains(feature)) {
            continue;
          }
          double[] edges = Arrays.stream(refFeatures.select(col(feature).cast("double")
                  .as(feature)).filter(col(feature).isNotNull())
              .stat().approxQuantile(feature, new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
                  0.7, 0.8, 0.9}, 0.001)).distinct().toArray();
          double fp = Monitoring.psi(counts(Monitoring.buckets(refFeatures, feature, edges),
              edges.length + 2), counts(Monitoring.buckets(curFeatures, feature, edges),
              edges.length + 2));
          if (!Double.isNaN(fp)) {
            psi.add(new ReportData.Psi(feature, fp, Monitoring.flag(fp)));
          }
        }
      }
    }
    if (psiNote == null && psi.isEmpty()) {
      psiNote = "the validation rows at " + warehouse.path(Warehouse.MODELS, validation)
          + " or their features (features/loans on their as-of dates) are empty";
    }
    return new ReportData.Monitoring(version, rows, auc, ks, calibration, psi, psiNote);
  }

  /**
   * The as-of dates of the validation rows (a few month ends). The PSI reads only the snapshots
   * of these dates and of the plan's, each set on its own: the table's other snapshots are not
   * listed and opened, and a snapshot written by an earlier version cannot decide the columns
   * read for another.
   */
  private static List<LocalDate> dates(Dataset<Row> reference) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (Row row : reference.select("as_of_date").distinct().collectAsList()) {
      dates.add(row.getDate(0).toLocalDate());
    }
    return List.copyOf(dates);
  }

  private static List<Monitoring.ScoreBin> bins(Dataset<Row> df) {
    List<Monitoring.ScoreBin> out = new ArrayList<>();
    for (Row row : Monitoring.scoreBins(df, "probability", null).collectAsList()) {
      out.add(Monitoring.binOf(row));
    }
    return out;
  }

  private static double[] counts(Dataset<Row> buckets, int size) {
    double[] out = new double[size];
    for (Row row : buckets.collectAsList()) {
      out[row.getInt(0)] += row.getLong(1);
    }
    return out;
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** The monitoring as rows of {@code evaluation/monitoring} (without the date). */
  static List<Row> rows(ReportData.Monitoring m) {
    List<Row> out = new ArrayList<>();
    out.add(RowFactory.create(m.modelVersion(), "auc", null, m.rows(), null, null, m.auc(),
        null));
    out.add(RowFactory.create(m.modelVersion(), "ks", null, m.rows(), null, null, m.ks(), null));
    for (ReportData.Calibration c : m.calibration()) {
      out.add(RowFactory.create(m.modelVersion(), "calibration", c.decile(), c.rows(),
          c.predicted(), c.observed(), null, null));
    }
    for (ReportData.Psi p : m.psi()) {
      out.add(RowFactory.create(m.modelVersion(), "psi_" + p.item(), null, null, null, null,
          p.value(), p.flag()));
    }
    return out;
  }
}
