package io.lastlight.classify;

import java.util.List;

/**
 * One classification, ready to store on a dataset row: {@code label} (violent or not), {@code score} in 0..1,
 * the ids of the rules that fired and counted, their matched {@code spans}, the matches that were vetoed
 * ({@code suppressed}: negation, quotation, reporting, idiom, sports/games, fiction, self-talk) and the
 * {@code classifierVersion} that produced it. {@code unlabelled} is null, or why the post was left unlabelled
 * ({@link #unlabelled(String, String)}). {@link #rulesJson()} and {@link #spansJson()} give the JSON strings a
 * table column can hold.
 */
public record Label(boolean label, double score, List<String> rules, List<Span> spans, List<Span> suppressed,
                    String classifierVersion, String unlabelled) {
    public Label {
        if (!(score >= 0.0 && score <= 1.0)) throw new IllegalArgumentException("score must be in 0..1: " + score);
        rules = List.copyOf(rules);
        spans = List.copyOf(spans);
        suppressed = List.copyOf(suppressed);
        if (classifierVersion == null || classifierVersion.isBlank()) throw new IllegalArgumentException("classifierVersion is required");
    }

    /** A label (not {@link #unlabelled()}). */
    public Label(boolean label, double score, List<String> rules, List<Span> spans, List<Span> suppressed, String classifierVersion) {
        this(label, score, rules, spans, suppressed, classifierVersion, null);
    }

    /**
     * A post the classifier does not label (outside its scope, e.g. not English: {@link LanguageScope}): stored with
     * {@code violent} and {@code violent_score} null, like a post with no text, and the reason as its only rule id.
     */
    public static Label unlabelled(String reason, String classifierVersion) {
        return new Label(false, 0.0, List.of(reason), List.of(), List.of(), classifierVersion, reason);
    }

    /** Whether this is a real label, not {@link #unlabelled(String, String)}. */
    public boolean labelled() {
        return unlabelled == null;
    }

    /** A label without vetoed evidence. */
    public Label(boolean label, double score, List<String> rules, List<Span> spans, String classifierVersion) {
        this(label, score, rules, spans, List.of(), classifierVersion);
    }

    /** A non-violent label with no evidence. */
    public static Label negative(String classifierVersion) {
        return new Label(false, 0.0, List.of(), List.of(), List.of(), classifierVersion);
    }

    /** The same label with another version (used by combinators). */
    public Label withVersion(String version) {
        return new Label(label, score, rules, spans, suppressed, version, unlabelled);
    }

    /** Rule ids as a JSON array string, e.g. {@code ["threat.intent"]}. */
    public String rulesJson() {
        return LabelJson.rules(rules);
    }

    /** Spans as a JSON array string of {@code {"start","end","text","rule"}} objects. */
    public String spansJson() {
        return LabelJson.spans(spans);
    }

    /** Vetoed spans as a JSON array string. */
    public String suppressedJson() {
        return LabelJson.spans(suppressed);
    }
}
