package io.lastlight.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What values a canned query's parameter accepts, declared in its header after the default:
 * {@code -- param: by VARCHAR day [day|author] ...} (one of the listed words) or
 * {@code -- param: limit INTEGER 10 [>=0] ...} (numeric bounds, comma-separated: {@code >=}, {@code >}, {@code <=},
 * {@code <}). The SQL cannot say that 'nonsense' is not a breakdown: it matches no branch and returns no rows, which
 * reads as "nothing found". Checking the value before the query runs turns that into an error listing what is allowed.
 * A parameter with no brackets accepts any value of its type.
 */
public final class ParamRule {
    /** No constraint beyond the type. */
    public static final ParamRule ANY = new ParamRule(List.of(), List.of());

    private record Bound(String op, double limit) {
        boolean admits(double v) {
            return switch (op) {
                case ">=" -> v >= limit;
                case ">" -> v > limit;
                case "<=" -> v <= limit;
                default -> v < limit;
            };
        }

        @Override
        public String toString() {
            return op + " " + (limit == Math.rint(limit) ? Long.toString((long) limit) : Double.toString(limit));
        }
    }

    private final List<String> allowed;
    private final List<Bound> bounds;

    private ParamRule(List<String> allowed, List<Bound> bounds) {
        this.allowed = allowed;
        this.bounds = bounds;
    }

    /** Parses the text between the brackets; throws IllegalArgumentException on a malformed declaration. */
    public static ParamRule parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) return ANY;
        if (!t.startsWith(">") && !t.startsWith("<")) {
            List<String> words = new ArrayList<>();
            for (String w : t.split("\\|")) {
                if (w.isBlank()) throw new IllegalArgumentException("empty value in [" + text + "]");
                words.add(w.trim());
            }
            return new ParamRule(List.copyOf(words), List.of());
        }
        List<Bound> bounds = new ArrayList<>();
        for (String b : t.split(",")) {
            String s = b.trim();
            String op = s.startsWith(">=") || s.startsWith("<=") ? s.substring(0, 2) : s.substring(0, 1);
            if (!op.equals(">=") && !op.equals("<=") && !op.equals(">") && !op.equals("<")) {
                throw new IllegalArgumentException("bound '" + s + "' in [" + text + "] is not >=N, >N, <=N or <N");
            }
            bounds.add(new Bound(op, Double.parseDouble(s.substring(op.length()).trim())));
        }
        return new ParamRule(List.of(), List.copyOf(bounds));
    }

    /** The listed values (empty unless the parameter is an enumeration). */
    public List<String> allowed() {
        return allowed;
    }

    /** Does the typed value (String, Integer or Double) satisfy the rule? */
    public boolean admits(Object value) {
        if (!allowed.isEmpty()) return allowed.contains(String.valueOf(value));
        if (bounds.isEmpty()) return true;
        double v = ((Number) value).doubleValue();
        return bounds.stream().allMatch(b -> b.admits(v));
    }

    /** What is allowed, for messages and --list: "one of day, author" or ">= 0". */
    public String describe() {
        if (!allowed.isEmpty()) return "one of " + String.join(", ", allowed);
        List<String> parts = new ArrayList<>();
        for (Bound b : bounds) parts.add(b.toString());
        return String.join(" and ", parts);
    }

    /** The rule as declared in a header, e.g. {@code day|author} or {@code >=0}. */
    @Override
    public String toString() {
        if (!allowed.isEmpty()) return String.join("|", allowed);
        List<String> parts = new ArrayList<>();
        for (Bound b : bounds) parts.add(b.toString().replace(" ", ""));
        return String.join(",", parts).toLowerCase(Locale.ROOT);
    }

    public boolean isAny() {
        return allowed.isEmpty() && bounds.isEmpty();
    }
}
