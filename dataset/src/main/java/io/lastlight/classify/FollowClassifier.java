package io.lastlight.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a second classifier after a first one ("follow"), so a stronger model can override or refine the rules.
 * The combined version records both, e.g. {@code rules-1.0+3f2a9c01b7de>refine>onnx-2+91ab...}; the first
 * classifier's evidence (rules, spans) is kept on the combined label so the rules stay auditable.
 */
public final class FollowClassifier implements Classifier {
    /** How the second classifier's answer is used. */
    public enum Mode {
        /** The second classifier decides every post. */
        OVERRIDE,
        /** The second classifier re-decides posts the first flagged (can only remove positives). */
        CONFIRM,
        /** The second classifier decides posts whose first score lies in [low, high]; the rest keep the first label. */
        REFINE
    }

    private final Classifier first;
    private final Classifier second;
    private final Mode mode;
    private final double low;
    private final double high;
    private final String version;

    public FollowClassifier(Classifier first, Classifier second, Mode mode) {
        this(first, second, mode, 0.05, 0.95);
    }

    public FollowClassifier(Classifier first, Classifier second, Mode mode, double low, double high) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (!(low >= 0 && low <= high && high <= 1)) throw new IllegalArgumentException("need 0 <= low <= high <= 1");
        this.low = low;
        this.high = high;
        String band = mode == Mode.REFINE ? "[" + low + "," + high + "]" : "";
        this.version = first.version() + ">" + mode.name().toLowerCase() + band + ">" + second.version();
    }

    @Override
    public Label classify(String text) {
        Label a = first.classify(text);
        boolean ask = switch (mode) {
            case OVERRIDE -> true;
            case CONFIRM -> a.label();
            case REFINE -> a.score() >= low && a.score() <= high;
        };
        if (!ask) return a.withVersion(version);
        Label b = second.classify(text);
        boolean label = mode == Mode.CONFIRM ? a.label() && b.label() : b.label();
        List<String> rules = new ArrayList<>(a.rules());
        for (String r : b.rules()) if (!rules.contains(r)) rules.add(r);
        List<Span> spans = new ArrayList<>(a.spans());
        spans.addAll(b.spans());
        List<Span> suppressed = new ArrayList<>(a.suppressed());
        suppressed.addAll(b.suppressed());
        return new Label(label, b.score(), rules, spans, suppressed, version);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String name() {
        return first.name() + ">" + second.name();
    }

    public Classifier first() {
        return first;
    }

    public Classifier second() {
        return second;
    }

    public Mode mode() {
        return mode;
    }
}
