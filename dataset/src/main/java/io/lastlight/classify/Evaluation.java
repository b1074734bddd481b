package io.lastlight.classify;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.lastlight.core.UserException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Evaluates a classifier against the licensed test data in {@code shared/data/violence} (HateCheck test suite and
 * Davidson et al. tweets). The data is not shipped with lastlight; {@link #findDataDir()} looks for it.
 */
public final class Evaluation {
    public static final String HATECHECK = "hatecheck_test_suite_cases.csv";
    public static final String DAVIDSON = "davidson_labeled_data.csv";
    public static final List<String> POSITIVE_FUNCTIONALITIES = List.of("threat_dir_h", "threat_norm_h");

    private Evaluation() {}

    /**
     * The labelled-data folder named by system property {@code lastlight.violence.data} or environment variable
     * {@code LASTLIGHT_VIOLENCE_DATA} (the test build sets the property to the checkout's {@code ../shared} copy);
     * empty when neither names a folder holding the HateCheck file. Nothing is searched for: a user's clone has no
     * data, and the sets' licences keep them out of it (docs/classifier.md lists them and where to get them).
     */
    public static Optional<Path> findDataDir() {
        String p = System.getProperty("lastlight.violence.data", System.getenv("LASTLIGHT_VIOLENCE_DATA"));
        if (p == null || p.isBlank()) return Optional.empty();
        Path d = Path.of(p);
        return Files.isRegularFile(d.resolve(HATECHECK)) ? Optional.of(d) : Optional.empty();
    }

    public static EvaluationReport run(Path dataDir, Classifier c) throws IOException {
        boolean hc = Files.isRegularFile(dataDir.resolve(HATECHECK));
        EvaluationReport.HateCheck h = hc ? hateCheck(dataDir.resolve(HATECHECK), c, false) : null;
        EvaluationReport.HateCheck hcc = hc ? hateCheck(dataDir.resolve(HATECHECK), c, true) : null;
        EvaluationReport.HateCheck issue = hc ? hateCheckIssueSet(dataDir.resolve(HATECHECK), c) : null;
        EvaluationReport.Davidson d = Files.isRegularFile(dataDir.resolve(DAVIDSON)) ? davidson(dataDir.resolve(DAVIDSON), c) : null;
        return new EvaluationReport(c.version(), h, hcc, issue, d);
    }

    /**
     * HateCheck. Strict ({@code construct=false}): positives are exactly threat_dir_h and threat_norm_h. Construct-
     * aligned ({@code construct=true}): also the cases HateCheck derived from a threat template (ref_templ_id points
     * at a threat_* template) whose functionality keeps them threats: hateful functionalities (phrase_*, ref_subs_*,
     * spell_*, negate_pos_h) and target_indiv_nh / target_group_nh (threats at non-protected targets are still
     * violent under the codebook).
     */
    public static EvaluationReport.HateCheck hateCheck(Path csv, Classifier c, boolean construct) throws IOException {
        return hateCheck(csv, c, construct, false);
    }

    /**
     * The issue's own evaluation set: positives are threat_dir_h and threat_norm_h; negatives are negation
     * (negate_*), counter-speech (counter_*), profanity (profanity_*), slurs (slur_*) and hate that is not a
     * threat (hateful cases not built from a threat template). Cases HateCheck built from threat templates
     * under other functionalities are threats by construction and belong to neither side, so they are left out.
     */
    public static EvaluationReport.HateCheck hateCheckIssueSet(Path csv, Classifier c) throws IOException {
        return hateCheck(csv, c, false, true);
    }

    private static EvaluationReport.HateCheck hateCheck(Path csv, Classifier c, boolean construct, boolean issueSet)
            throws IOException {
        int tp = 0, fp = 0, fn = 0, tn = 0, n = 0;
        Map<String, int[]> by = new TreeMap<>();
        List<String> fps = new ArrayList<>(), fns = new ArrayList<>();
        List<Map<String, String>> rows = readCsv(csv, "functionality", "test_case", "templ_id", "ref_templ_id", "label_gold");
        Map<String, String> templFunctionality = new java.util.HashMap<>();
        for (Map<String, String> row : rows) templFunctionality.putIfAbsent(row.get("templ_id"), row.get("functionality"));
        for (Map<String, String> row : rows) {
            String f = row.get("functionality");
            String text = row.get("test_case");
            boolean pos = POSITIVE_FUNCTIONALITIES.contains(f);
            if (issueSet && !pos) {
                String ref = row.get("ref_templ_id") == null ? "" : row.get("ref_templ_id").trim();
                if (ref.endsWith(".0")) ref = ref.substring(0, ref.length() - 2);
                String refF = templFunctionality.get(ref);
                boolean fromThreat = refF != null && POSITIVE_FUNCTIONALITIES.contains(refF);
                boolean namedNegative = f.startsWith("negate_") || f.startsWith("counter_") || f.startsWith("profanity_")
                        || f.startsWith("slur_") || "hateful".equals(row.get("label_gold"));
                if (fromThreat || !namedNegative) continue;
            }
            if (construct && !pos) {
                String ref = row.get("ref_templ_id") == null ? "" : row.get("ref_templ_id").trim();
                if (ref.endsWith(".0")) ref = ref.substring(0, ref.length() - 2);
                String refF = templFunctionality.get(ref);
                boolean fromThreat = refF != null && POSITIVE_FUNCTIONALITIES.contains(refF);
                boolean keepsThreat = "hateful".equals(row.get("label_gold")) || f.equals("target_indiv_nh") || f.equals("target_group_nh");
                pos = fromThreat && keepsThreat;
            }
            if (construct && !pos) f = f + " (neg)";
            else if (construct) f = f + " (pos)";
            Label l = c.classify(text);
            int[] cnt = by.computeIfAbsent(f, k -> new int[2]);
            cnt[1]++;
            if (l.label()) cnt[0]++;
            n++;
            if (pos && l.label()) tp++;
            else if (pos) {
                fn++;
                fns.add(f + ": " + text.strip() + "  " + l.suppressed().stream().map(Span::rule).toList());
            } else if (l.label()) {
                fp++;
                fps.add(f + ": " + text.strip() + "  " + l.rules());
            } else tn++;
        }
        return new EvaluationReport.HateCheck(n, tp, fp, fn, tn, by, fps, fns);
    }

    public static EvaluationReport.Davidson davidson(Path csv, Classifier c) throws IOException {
        int off = 0, offFlagged = 0, all = 0, allFlagged = 0;
        List<String> ex = new ArrayList<>();
        for (Map<String, String> row : readCsv(csv, "class", "tweet")) {
            Label l = c.classify(row.get("tweet"));
            all++;
            if (l.label()) allFlagged++;
            if ("1".equals(row.get("class").trim())) {
                off++;
                if (l.label()) {
                    offFlagged++;
                    ex.add(row.get("tweet").replace('\n', ' ') + "  " + l.rules());
                }
            }
        }
        return new EvaluationReport.Davidson(off, offFlagged, all, allFlagged, ex);
    }

    static List<Map<String, String>> readCsv(Path csv, String... required) throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Map<String, String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class).with(schema).readValues(r)) {
            while (it.hasNextValue()) rows.add(it.nextValue());
        }
        if (!rows.isEmpty()) {
            for (String col : required) {
                if (!rows.get(0).containsKey(col)) throw new UserException(csv + " has no column '" + col + "'; is it the right file?");
            }
        }
        return rows;
    }
}
