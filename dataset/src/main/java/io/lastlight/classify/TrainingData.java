package io.lastlight.classify;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.lastlight.core.UserException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The labelled data for the learned model, mapped to lastlight's construct (docs/classifier.md, "Training data") and
 * split deterministically into train / dev / test by a hash of the text (HateCheck: of the case's source template),
 * independent of the training seed, so held-out parts never change:
 * <ul>
 *   <li>HateCheck: construct-aligned labels (as {@link Evaluation}); templates split 60/20/20.</li>
 *   <li>Davidson: every tweet negative (offensive or hateful, not a call to violence) for evaluation; tweets the rules
 *       flag or with a violent verb or keyword are left out of training (many are genuine threats); 60/20/20.</li>
 *   <li>Gab Hate Corpus: a hand label ({@code training/relabel-v1.tsv}) wins; else {@code cv} posts are positive,
 *       {@code vo}-only posts with a violent verb are left out (threats against individuals hide there), the rest
 *       negative. Hand-labelled: every cv post, every vo-only and hd-only post with a violent verb.
 *       {@code ghc_train} split 75/25 into train/dev; {@code ghc_test} is test.</li>
 *   <li>Implicit Hate (stg1 posts, minus the Gab posts it shares with GHC): a hand label wins (every stg2
 *       {@code threatening} post and every {@code explicit_hate} post with a violent cue is hand-labelled); unlabelled
 *       ones of those kinds are left out; the rest negative; 60/20/20.</li>
 * </ul>
 */
public final class TrainingData {
    public static final String HATECHECK = "hatecheck", DAVIDSON = "davidson", IMPLICIT = "implicit_hate", GHC = "ghc";
    public static final List<String> SOURCES = List.of(HATECHECK, DAVIDSON, IMPLICIT, GHC);
    public static final List<String> FILES = List.of(Evaluation.HATECHECK, Evaluation.DAVIDSON, "implicit_hate_v1_stg1_posts.tsv",
            "implicit_hate_v1_stg2_posts.tsv", "ghc_train.tsv", "ghc_test.tsv");
    public static final String RELABEL_RESOURCE = "training/relabel-v1.tsv";

    public enum Split { TRAIN, DEV, TEST }

    /**
     * One labelled text. {@code trainable}: usable for training/tuning (false when its label is doubtful);
     * {@code hate}: the source marks it as hateful or offensive (the population closest to real hate comments);
     * {@code group}: e.g. the HateCheck functionality or the Davidson class.
     */
    public record Example(String source, String text, boolean violent, Split split, boolean trainable, boolean hate, String group) {}

    private TrainingData() {}

    /** Loads every source from {@code dir}; a missing file is an error naming it. */
    public static List<Example> load(Path dir, RulesClassifier rules) throws IOException {
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) throw new UserException("missing training file " + dir.resolve(f) + " (docs/classifier.md lists the files each set needs and where each comes from)");
        }
        Map<String, Boolean> relabel = relabels();
        TextFeatures feats = new TextFeatures(10);
        TextFeatures.Buf buf = new TextFeatures.Buf();
        List<Example> out = new ArrayList<>();
        hateCheck(dir, out);
        for (Map<String, String> r : Evaluation.readCsv(dir.resolve(Evaluation.DAVIDSON), "class", "tweet")) {
            String t = r.get("tweet");
            String cls = r.get("class").trim();
            // a tweet with a violent word is left out of training: many are real threats ("i'ma beat that bitch")
            boolean doubtful = rules.classify(t).label() || feats.hasViolentVerb(t, buf) || Metrics.keyword(t);
            out.add(new Example(DAVIDSON, t, false, split(t, 60, 20), !doubtful, !cls.equals("2"), "class" + cls));
        }
        Set<String> ghcKeys = new HashSet<>();
        for (String file : List.of("ghc_train.tsv", "ghc_test.tsv")) {
            boolean test = file.equals("ghc_test.tsv");
            for (Map<String, String> r : readTsv(dir.resolve(file), "text", "hd", "cv", "vo")) {
                String t = r.get("text");
                String k = key(t);
                ghcKeys.add(k);
                boolean cv = "1".equals(r.get("cv")), vo = "1".equals(r.get("vo")), hd = "1".equals(r.get("hd"));
                Boolean hand = relabel.get(GHC + "\t" + k);
                boolean violentVerb = feats.hasViolentVerb(t, buf);
                boolean violent = hand != null ? hand : cv;
                // a vo-only post with a violent verb and no hand label is doubtful: threats against individuals are coded vo
                boolean trainable = hand != null || cv || !(vo && violentVerb);
                String group = cv ? "cv" : vo ? (violentVerb ? "vo+verb" : "vo") : hd ? (violentVerb ? "hd+verb" : "hd") : "none";
                Split s = test ? Split.TEST : split(t, 75, 25);
                out.add(new Example(GHC, t, violent, s, trainable, hd || cv || vo, group));
            }
        }
        Set<String> threatening = new HashSet<>();
        for (Map<String, String> r : readTsv(dir.resolve("implicit_hate_v1_stg2_posts.tsv"), "post", "implicit_class", "extra_implicit_class")) {
            if ("threatening".equals(r.get("implicit_class")) || "threatening".equals(r.get("extra_implicit_class"))) threatening.add(r.get("post"));
        }
        for (Map<String, String> r : readTsv(dir.resolve("implicit_hate_v1_stg1_posts.tsv"), "post", "class")) {
            String t = r.get("post");
            String k = key(t);
            if (ghcKeys.contains(k)) continue; // the corpus re-uses some Gab posts: GHC keeps them (and its split)
            boolean threat = threatening.contains(t);
            Boolean hand = relabel.get(IMPLICIT + "\t" + k);
            boolean violent = hand != null && hand;
            boolean explicitCue = "explicit_hate".equals(r.get("class")) && feats.hasViolentVerb(t, buf);
            boolean trainable = hand != null || !(threat || explicitCue);
            out.add(new Example(IMPLICIT, t, violent, split(t, 60, 20), trainable, !"not_hate".equals(r.get("class")),
                    threat ? "threatening" : r.get("class")));
        }
        return out;
    }

    private static void hateCheck(Path dir, List<Example> out) throws IOException {
        List<Map<String, String>> rows = Evaluation.readCsv(dir.resolve(Evaluation.HATECHECK), "functionality", "test_case", "templ_id", "ref_templ_id", "label_gold");
        Map<String, String> templFunctionality = new HashMap<>();
        for (Map<String, String> row : rows) templFunctionality.putIfAbsent(row.get("templ_id"), row.get("functionality"));
        for (Map<String, String> row : rows) {
            String f = row.get("functionality");
            boolean pos = Evaluation.POSITIVE_FUNCTIONALITIES.contains(f);
            String ref = row.get("ref_templ_id") == null ? "" : row.get("ref_templ_id").trim();
            if (ref.endsWith(".0")) ref = ref.substring(0, ref.length() - 2);
            if (!pos) {
                String refF = templFunctionality.get(ref);
                boolean fromThreat = refF != null && Evaluation.POSITIVE_FUNCTIONALITIES.contains(refF);
                boolean keepsThreat = "hateful".equals(row.get("label_gold")) || f.equals("target_indiv_nh") || f.equals("target_group_nh");
                pos = fromThreat && keepsThreat;
            }
            String templ = ref.isEmpty() ? row.get("templ_id").trim() : ref;
            out.add(new Example(HATECHECK, row.get("test_case"), pos, split("hatecheck-template " + templ, 60, 20), true,
                    "hateful".equals(row.get("label_gold")), f));
        }
    }

    /** A fixed, seed-independent split of a key: {@code train%} train, {@code dev%} dev, the rest test. */
    static Split split(String key, int train, int dev) {
        long h = TextFeatures.hashString("lastlight-split-1 " + normalise(key));
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        int pct = (int) Long.remainderUnsigned(h, 100);
        return pct < train ? Split.TRAIN : pct < train + dev ? Split.DEV : Split.TEST;
    }

    private static String normalise(String t) {
        return t.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /** The key of a text in the relabel file: first 16 hex digits of SHA-256 of its normalised text. */
    public static String key(String text) {
        return LinearModel.sha256(normalise(text).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** Hand labels: {@code dataset<TAB>key -> violent}. */
    static Map<String, Boolean> relabels() throws IOException {
        Map<String, Boolean> m = new HashMap<>();
        try (InputStream in = TrainingData.class.getResourceAsStream(RELABEL_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource io/lastlight/classify/" + RELABEL_RESOURCE);
            int lineNo = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("dataset\t")) continue;
                String[] c = line.split("\t", -1);
                if (c.length < 3 || !(c[2].equals("1") || c[2].equals("0"))) {
                    throw new IllegalStateException(RELABEL_RESOURCE + " line " + lineNo + ": expected dataset<TAB>key<TAB>0|1<TAB>note");
                }
                m.put(c[0] + "\t" + c[1], c[2].equals("1"));
            }
        }
        return m;
    }

    static byte[] relabelBytes() throws IOException {
        try (InputStream in = TrainingData.class.getResourceAsStream(RELABEL_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    /** Reads a tab-separated file with a header row and double-quoted fields. */
    static List<Map<String, String>> readTsv(Path file, String... required) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator('\t').withQuoteChar('"');
        List<Map<String, String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class).with(schema).readValues(r)) {
            while (it.hasNextValue()) rows.add(it.nextValue());
        } catch (NoSuchFileException e) {
            throw new UserException("no such file: " + file);
        }
        if (!rows.isEmpty()) {
            for (String col : required) if (!rows.get(0).containsKey(col)) throw new UserException(file + " has no column '" + col + "'; is it the right file?");
        }
        return rows;
    }
}
