package io.lastlight.schedule;

import java.util.HashMap;
import java.util.Map;

/**
 * The measured cost of a request by kind: an exponentially weighted mean (α = 0.1) of its latency and
 * response bytes, relative to the mean over all kinds. {@code cost(kind) = ½·latency/meanLatency +
 * ½·bytes/meanBytes}: 1 for an average request, 1 for a kind not measured yet.
 */
public final class KindCost {
    private static final double ALPHA = 0.1;
    private final Map<String, double[]> byKind = new HashMap<>();
    private double meanLatency;
    private double meanBytes;

    public synchronized void observe(String kind, long latencyNanos, long bytes) {
        double[] e = byKind.get(kind);
        if (e == null) {
            byKind.put(kind, new double[] {latencyNanos, bytes});
        } else {
            e[0] += ALPHA * (latencyNanos - e[0]);
            e[1] += ALPHA * (bytes - e[1]);
        }
        if (meanLatency == 0 && meanBytes == 0) {
            meanLatency = latencyNanos;
            meanBytes = bytes;
        } else {
            meanLatency += ALPHA * (latencyNanos - meanLatency);
            meanBytes += ALPHA * (bytes - meanBytes);
        }
    }

    public synchronized double cost(String kind) {
        double[] e = byKind.get(kind);
        if (e == null) return 1;
        double lat = meanLatency <= 0 ? 1 : e[0] / meanLatency;
        double by = meanBytes <= 0 ? 1 : e[1] / meanBytes;
        return Math.max(0.05, 0.5 * lat + 0.5 * by);
    }
}
