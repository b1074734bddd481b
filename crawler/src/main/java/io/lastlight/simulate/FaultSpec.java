package io.lastlight.simulate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Fractions of requests that fail on purpose: {@code 5xx=0.1,reset=0.02,slow=0.05,truncate=0.01,
 * malformed=0.01,challenge=0.01}. Kinds are exclusive per request; their sum must be at most 1.
 */
public final class FaultSpec {
    /** The fault kinds, in the order their probability ranges are laid out on [0,1). */
    public enum Kind { SERVER_ERROR("5xx"), RESET("reset"), SLOW("slow"), TRUNCATE("truncate"), MALFORMED("malformed"), CHALLENGE("challenge");
        final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final Map<Kind, Double> fractions;

    private FaultSpec(Map<Kind, Double> fractions) {
        this.fractions = fractions;
    }

    public static final FaultSpec NONE = new FaultSpec(new LinkedHashMap<>());

    /** Parses a spec; throws IllegalArgumentException with a message saying what is expected. */
    public static FaultSpec parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) return NONE;
        Map<Kind, Double> m = new LinkedHashMap<>();
        double sum = 0;
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int e = p.indexOf('=');
            if (e < 0) throw new IllegalArgumentException("fault '" + p + "' needs a fraction, e.g. 5xx=0.1");
            String key = p.substring(0, e).trim().toLowerCase(Locale.ROOT);
            Kind kind = null;
            for (Kind k : Kind.values()) if (k.key.equals(key)) kind = k;
            if (kind == null) throw new IllegalArgumentException("unknown fault '" + key + "'; expected one of 5xx, reset, slow, truncate, malformed, challenge");
            double f;
            try {
                f = Double.parseDouble(p.substring(e + 1).trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("fault fraction '" + p.substring(e + 1) + "' is not a number; expected a fraction in [0,1] such as 0.05");
            }
            if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("fault fraction for " + key + " must be in [0,1], got " + f);
            m.put(kind, f);
            sum += f;
        }
        if (sum > 1.0 + 1e-9) throw new IllegalArgumentException("fault fractions add up to " + sum + "; they must add up to at most 1");
        return new FaultSpec(m);
    }

    public double fraction(Kind k) {
        return fractions.getOrDefault(k, 0.0);
    }

    public boolean isEmpty() {
        return fractions.values().stream().allMatch(f -> f == 0);
    }

    /** The fault for a uniform draw u in [0,1), or null for none. */
    public Kind pick(double u) {
        double acc = 0;
        for (Kind k : Kind.values()) {
            acc += fraction(k);
            if (u < acc) return k;
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        fractions.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k.key).append('=').append(v));
        return sb.toString();
    }
}
