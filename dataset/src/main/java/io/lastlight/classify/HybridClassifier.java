package io.lastlight.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules plus the learned model ({@link LinearModel}): a post is violent when a rule fires (counted, not vetoed)
 * <b>or</b> the model's calibrated probability reaches its threshold. {@code score} is the model's calibrated
 * probability (the rules' outputs are among its features). Evidence: the rules' spans and vetoes, and, when the model
 * flags a post, the word n-grams that weighed most (rule id {@code model.ngram}; rule {@code model} in the rules list).
 * Version: {@code <rules version>|<model version>}, e.g. {@code rules-1.0+a15ac0dc00e5|lr-1+3f2a9c01b7de}.
 * Thread-safe: per-call buffers are thread-local.
 */
public final class HybridClassifier implements Classifier {
    /** The shipped model (classpath resource next to this class). */
    public static final String MODEL_RESOURCE = "model/violence-lr.bin";
    public static final String MANIFEST_RESOURCE = "model/violence-lr.manifest.json";
    static final int EVIDENCE_NGRAMS = 3;
    /**
     * When the rules vetoed a match (negation, idiom, report, quotation, fiction, sports, self-talk) and no rule counted,
     * or a negator comes shortly before the violent verb, or the verb is aimed at it / me / myself, or the post has a
     * reporting, sports/games or fiction cue, or has fewer than three words ({@link TextFeatures.Buf#guard}),
     * the model must reach this probability to flag the post: the vetoes are precise on clean text ("killing it",
     * "I would never hurt anyone"), the model does not see them as well.
     */
    public static final double VETOED_THRESHOLD = 0.5;

    private static volatile HybridClassifier standard;

    private final RulesClassifier rules;
    private final LinearModel model;
    private final String version;
    private final ThreadLocal<TextFeatures.Buf> bufs = ThreadLocal.withInitial(TextFeatures.Buf::new);

    public HybridClassifier(RulesClassifier rules, LinearModel model) {
        this.rules = rules;
        this.model = model;
        if (!model.rulesVersion().equals(rules.version())) {
            throw new IllegalStateException("the model " + model.version() + " was trained with " + model.rulesVersion() + " but the rules are "
                    + rules.version() + "; retrain it with 'lastlight classify train' (docs/classifier.md)");
        }
        this.version = rules.version() + "|" + model.version();
    }

    /** The built-in rules with the shipped model (loaded once from the classpath). */
    public static HybridClassifier standard() {
        HybridClassifier s = standard;
        if (s == null) {
            synchronized (HybridClassifier.class) {
                s = standard;
                if (s == null) standard = s = new HybridClassifier(RulesClassifier.standard(), shippedModel());
            }
        }
        return s;
    }

    static LinearModel shippedModel() {
        try (InputStream in = HybridClassifier.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource io/lastlight/classify/" + MODEL_RESOURCE + " (the jar is incomplete)");
            return LinearModel.read(new java.io.BufferedInputStream(in, 1 << 16), "io/lastlight/classify/" + MODEL_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calibrated model probability for a text (the rules run first, as their outputs are features). */
    public double probability(String text) {
        TextFeatures.Buf b = bufs.get();
        Label r = rules.classify(text, b.norm.of(text));
        if (!model.features().violenceCueNormalised(b)) return model.ungatedProbability();
        model.features().extractTokenised(r, b);
        return model.probability(model.margin(b));
    }

    /**
     * As {@link Classifier#classify(String, String)}; the text is normalised once ({@link TextNormaliser}) for the
     * language test, the rules and the model's tokeniser.
     */
    @Override
    public Label classify(String text, String lang) {
        TextFeatures.Buf b = bufs.get();
        TextNormaliser.Normalised norm = b.norm.of(text);
        String reason = LanguageScope.reason(norm.chars, norm.length, lang);
        return reason != null ? Label.unlabelled(reason, version) : classify(text, b);
    }

    @Override
    public Label classify(String text) {
        TextFeatures.Buf b = bufs.get();
        b.norm.of(text);
        return classify(text, b);
    }

    /** Classifies {@code text}, already normalised into {@code b.norm}. */
    private Label classify(String text, TextFeatures.Buf b) {
        Label r = rules.classify(text, b.norm);
        if (!model.features().violenceCueNormalised(b)) {
            return new Label(r.label(), model.ungatedProbability(), r.rules(), r.spans(), r.suppressed(), version);
        }
        model.features().extractTokenised(r, b);
        double p = model.probability(model.margin(b));
        boolean modelHit = decide(false, !r.suppressed().isEmpty() || b.guard, p, model.threshold());
        if (!modelHit) {
            return new Label(r.label(), p, r.rules(), r.spans(), r.suppressed(), version);
        }
        List<String> ids = new ArrayList<>(r.rules());
        ids.add("model");
        List<Span> spans = new ArrayList<>(r.spans());
        spans.addAll(topNgrams(text, b));
        return new Label(true, p, ids, spans, r.suppressed(), version);
    }

    /** The hybrid decision: the rules fired, or the model's p reaches the threshold ({@link #VETOED_THRESHOLD} after a veto). */
    public static boolean decide(boolean rulesLabel, boolean rulesVetoed, double p, double threshold) {
        return rulesLabel || p >= (rulesVetoed ? Math.max(threshold, VETOED_THRESHOLD) : threshold);
    }

    /** The word n-grams with the largest positive contributions (at most {@link #EVIDENCE_NGRAMS}, not overlapping). */
    private List<Span> topNgrams(String text, TextFeatures.Buf b) {
        double[] best = new double[EVIDENCE_NGRAMS];
        int[][] where = new int[EVIDENCE_NGRAMS][];
        TextFeatures.forEachWordGram(b, (pos, start, end) -> {
            double c = model.weight(b.idx[pos]) * b.val[pos];
            if (c <= 0 || end - start < 4) return; // short function words ("a", "the", "I") are not evidence a reader can use
            for (int k = 0; k < EVIDENCE_NGRAMS; k++) {
                int[] w = where[k];
                if (w != null && start < w[1] && w[0] < end) { // overlaps a chosen one: keep the stronger
                    if (c > best[k]) {
                        best[k] = c;
                        where[k] = new int[] {start, end};
                    }
                    return;
                }
            }
            int min = 0;
            for (int k = 1; k < EVIDENCE_NGRAMS; k++) if (best[k] < best[min]) min = k;
            if (c > best[min]) {
                best[min] = c;
                where[min] = new int[] {start, end};
            }
        });
        List<Span> out = new ArrayList<>();
        for (int[] w : where) if (w != null) out.add(new Span(w[0], w[1], text.substring(w[0], w[1]), "model.ngram"));
        out.sort(java.util.Comparator.comparingInt(Span::start));
        return out;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String name() {
        return "hybrid";
    }

    public RulesClassifier rules() {
        return rules;
    }

    public LinearModel model() {
        return model;
    }
}
