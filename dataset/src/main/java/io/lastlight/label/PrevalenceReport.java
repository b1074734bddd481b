package io.lastlight.label;

import io.lastlight.core.UserException;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prevalence of violent posts in a dataset, honestly: the raw flagged share with its Wilson 95% interval and,
 * when annotations exist, the classifier's measured precision, recall and false-positive rate and the adjusted
 * classify-and-count estimate with a bootstrap 95% interval ({@link PrevalenceEstimator}).
 */
public final class PrevalenceReport {
    /**
     * Everything the report shows. {@code result} is null without usable annotations. {@code ambiguous}: annotations
     * imported before instances were recorded (no platform) whose post_id is the id of posts of several servers.
     */
    public record Report(String classifierVersion, long posts, long flagged, Wilson raw, int annotationRows,
                         int annotationsUsed, int otherVersion, int notInDataset, int ambiguous, List<String> annotators,
                         PrevalenceEstimator.Result result, String note) {}

    private PrevalenceReport() {}

    public static Report compute(Path dataset, int replicates, long seed) throws SQLException {
        try (Posts posts = Posts.open(dataset)) {
            String version = posts.classifierVersion();
            Map<Stratum, Long> sizes = posts.stratumSizes();
            long total = sizes.values().stream().mapToLong(Long::longValue).sum();
            long flagged = sizes.get(Stratum.FLAGGED);
            Wilson raw = Wilson.of(flagged, total);
            if (!hasAnnotations(posts)) {
                return new Report(version, total, flagged, raw, 0, 0, 0, 0, 0, List.of(), null,
                        "no annotations yet: run 'lastlight label sample', annotate human_label, then 'lastlight label import'");
            }
            int rows = 0, other = 0, missing = 0, ambiguous = 0;
            List<PrevalenceEstimator.Annotation> used = new ArrayList<>();
            java.util.TreeSet<String> annotators = new java.util.TreeSet<>();
            // the latest import of each post counts; posts no longer in the population are left out
            String sql = "WITH " + Posts.KEYED_ANNOTATIONS + ", "
                    + "a AS (SELECT * FROM keyed QUALIFY row_number() OVER (PARTITION BY platform, instance, post_id "
                    + "ORDER BY imported_at DESC, source_file DESC, source_line DESC) = 1) "
                    + "SELECT a.stratum, a.human_label, a.classifier_label, a.classifier_version, a.annotator, "
                    + "p.post_id IS NOT NULL AS present, (SELECT count(*) FROM annotations) AS all_rows, a.ambiguous "
                    + "FROM a LEFT JOIN (SELECT platform, instance, post_id " + Posts.POPULATION + ") p "
                    + "ON p.platform = a.platform AND p.instance IS NOT DISTINCT FROM a.instance AND p.post_id = a.post_id "
                    + "ORDER BY a.post_id, a.platform NULLS FIRST, a.instance NULLS FIRST";
            try (Statement s = posts.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows = rs.getInt(7);
                    if (rs.getBoolean(8)) {
                        ambiguous++;
                        continue;
                    }
                    if (!rs.getBoolean(6)) {
                        missing++;
                        continue;
                    }
                    if (!version.equals(rs.getString(4))) {
                        other++;
                        continue;
                    }
                    Stratum st = Stratum.byId(rs.getString(1));
                    if (st == null) throw new UserException("annotations hold an unknown stratum '" + rs.getString(1) + "'");
                    used.add(new PrevalenceEstimator.Annotation(st, rs.getBoolean(2), rs.getBoolean(3)));
                    if (rs.getString(5) != null) annotators.add(rs.getString(5));
                }
            }
            String note = null;
            PrevalenceEstimator.Result result = null;
            if (used.isEmpty()) {
                note = other > 0
                        ? "the annotations were made on another classifier version; draw a new sample with 'lastlight label sample' and annotate it"
                        : "no annotation matches a post of this dataset";
            } else {
                result = new PrevalenceEstimator(sizes).run(used, replicates, seed);
                if (!result.complete()) {
                    note = "strata without annotations: " + result.unannotated()
                            + "; the adjusted estimate ignores them (annotate a sample that covers every stratum)";
                }
            }
            if (ambiguous > 0) {
                String why = ambiguous + " annotation(s) imported before instances were recorded name a post_id that several servers"
                        + " use and were left out; import their CSV again with an instance column giving each row's server";
                note = note == null ? why : note + "; " + why;
            }
            return new Report(version, total, flagged, raw, rows, used.size(), other, missing, ambiguous, List.copyOf(annotators), result, note);
        }
    }

    private static boolean hasAnnotations(Posts posts) throws SQLException {
        try (Statement s = posts.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'annotations'")) {
            rs.next();
            if (rs.getLong(1) == 0) return false; // a dataset built before annotations had a view
        }
        // Datasets have an empty annotations view until the first import.
        try (Statement s = posts.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM annotations")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** The report as a JSON-ready map (NaN becomes null). */
    public static Map<String, Object> toMap(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classifier_version", r.classifierVersion());
        m.put("posts", r.posts());
        m.put("flagged", r.flagged());
        m.put("raw_share", num(r.raw().share()));
        m.put("raw_ci_low", num(r.raw().low()));
        m.put("raw_ci_high", num(r.raw().high()));
        m.put("annotation_rows", r.annotationRows());
        m.put("annotations_used", r.annotationsUsed());
        m.put("annotations_other_version", r.otherVersion());
        m.put("annotations_not_in_dataset", r.notInDataset());
        m.put("annotations_ambiguous", r.ambiguous());
        m.put("annotators", r.annotators());
        PrevalenceEstimator.Result x = r.result();
        if (x != null) {
            PrevalenceEstimator.Estimate e = x.estimate();
            m.put("tp", num(e.tp()));
            m.put("fp", num(e.fp()));
            m.put("fn", num(e.fn()));
            m.put("tn", num(e.tn()));
            putCi(m, "precision", e.precision(), x.precision());
            putCi(m, "recall", e.recall(), x.recall());
            putCi(m, "fpr", e.fpr(), x.fpr());
            putCi(m, "adjusted_share", e.adjustedShare(), x.adjusted());
            m.put("adjusted_count", Double.isNaN(e.adjustedShare()) ? null : Math.round(e.adjustedShare() * r.posts()));
            m.put("bootstrap_replicates", x.adjusted().replicates() + x.adjusted().undefined());
            m.put("bootstrap_undefined", x.adjusted().undefined());
            m.put("bootstrap_seed", x.seed());
            List<Map<String, Object>> strata = new ArrayList<>();
            for (Stratum s : Stratum.values()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("stratum", s.id());
                sm.put("population", x.population().get(s));
                sm.put("annotated", x.annotated().get(s));
                sm.put("human_violent", x.humanViolent().get(s));
                sm.put("weight", x.annotated().get(s) == 0 ? null : (double) x.population().get(s) / x.annotated().get(s));
                strata.add(sm);
            }
            m.put("strata", strata);
        }
        m.put("note", r.note());
        return m;
    }

    private static void putCi(Map<String, Object> m, String name, double value, PrevalenceEstimator.Interval ci) {
        m.put(name, num(value));
        m.put(name + "_ci_low", num(ci.low()));
        m.put(name + "_ci_high", num(ci.high()));
    }

    private static Double num(double d) {
        return Double.isNaN(d) ? null : d;
    }
}
