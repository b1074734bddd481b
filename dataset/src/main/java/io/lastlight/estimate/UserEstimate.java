package io.lastlight.estimate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One estimate of a user count: which method, what it estimates, the figure and its 95% interval (null when
 * the evidence cannot bound it), how the interval was computed, the evidence counts, and the assumptions it
 * rests on.
 */
public record UserEstimate(String method, String estimand, Double estimate, Double low, Double high,
                           String interval, Map<String, Object> evidence, List<String> assumptions, List<String> notes) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("estimand", estimand);
        m.put("estimate", round(estimate));
        m.put("ci95_low", round(low));
        m.put("ci95_high", round(high));
        m.put("interval", interval);
        m.put("evidence", evidence);
        m.put("assumptions", assumptions);
        m.put("notes", notes);
        return m;
    }

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 10) / 10.0;
    }
}
