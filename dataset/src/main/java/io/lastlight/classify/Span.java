package io.lastlight.classify;

/**
 * A matched piece of evidence: character offsets into the classified text ({@code start} inclusive, {@code end}
 * exclusive, UTF-16 units as in {@link String#substring}), the matched text and the rule id. For vetoed matches
 * the rule id is {@code "<rule>/<veto>"}, e.g. {@code threat.intent/negation}.
 */
public record Span(int start, int end, String text, String rule) {
    public Span {
        if (start < 0 || end < start) throw new IllegalArgumentException("bad span " + start + ".." + end);
    }
}
