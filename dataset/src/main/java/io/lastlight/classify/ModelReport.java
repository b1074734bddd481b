package io.lastlight.classify;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Markdown tables from a model manifest (the held-out evaluation {@code lastlight classify train} measured): per
 * evaluation set, precision / recall / F1 of the keyword baseline, the rules, the model alone and the hybrid; the
 * leave-one-dataset-out runs; the reliability table. Used by the benchmark and for docs/classifier.md.
 */
public final class ModelReport {
    private static final List<String> SYSTEMS = List.of("keyword", "rules", "model", "hybrid");

    private ModelReport() {}

    /** The shipped model's manifest. */
    public static JsonNode shippedManifest() {
        try (InputStream in = HybridClassifier.class.getResourceAsStream(HybridClassifier.MANIFEST_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource io/lastlight/classify/" + HybridClassifier.MANIFEST_RESOURCE);
            return LabelJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String markdown(JsonNode m) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Model `%s` (classifier `%s`), seed %d, threshold p >= %s; test splits only (never used for "
                + "training, calibration or the threshold).%n%n", m.path("model_version").asText(), m.path("classifier_version").asText(),
                m.path("seed").asLong(), m.path("threshold").asText()));
        sb.append("| evaluation set | n | violent | keyword P / R / F1 | rules P / R / F1 | model P / R / F1 | hybrid P / R / F1 | hybrid flagged |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        m.path("evaluation").fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) row(sb, e.getKey(), e.getValue());
        });
        sb.append("\nThe same, re-weighted as if one post in four were violent (negatives weighted down; recall unchanged) — the "
                + "situation of a labelled set of hate comments such as the issue's held-out one:\n\n");
        sb.append("| evaluation set | keyword P / F1 | rules P / F1 | model P / F1 | hybrid P / F1 |\n|---|---|---|---|---|\n");
        m.path("evaluation").fields().forEachRemaining(e -> {
            JsonNode set = e.getValue();
            if (!set.path("hybrid").has("f1_at_share_0.25")) return;
            sb.append("| ").append(e.getKey());
            for (String sys : SYSTEMS) {
                JsonNode x = set.path(sys);
                sb.append(String.format(Locale.ROOT, " | %.2f / %.2f", x.path("precision_at_share_0.25").asDouble(), x.path("f1_at_share_0.25").asDouble()));
            }
            sb.append(" |\n");
        });
        if (m.has("cross_dataset")) {
            sb.append("\nLeave one dataset out (trained, calibrated and thresholded without it; tested on its test split):\n\n");
            sb.append("| left out, tested on | n | violent | keyword P / R / F1 | rules P / R / F1 | model P / R / F1 | hybrid P / R / F1 | hybrid flagged |\n");
            sb.append("|---|---|---|---|---|---|---|---|\n");
            m.path("cross_dataset").fields().forEachRemaining(e -> {
                row(sb, e.getKey() + " (t=" + e.getValue().path("threshold").asText() + ")", e.getValue().path("test"));
                row(sb, e.getKey() + ", hateful posts", e.getValue().path("test_hate"));
            });
        }
        sb.append("\nReliability of p on the pooled test splits (all sources):\n\n| p bin | posts | mean p | observed violent share |\n|---|---|---|---|\n");
        for (JsonNode b : m.path("reliability_test")) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", b.path("bin").asText(), b.path("n").asInt(), b.path("mean_p").asDouble(),
                    b.path("observed").asDouble()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, JsonNode set) {
        JsonNode h = set.path("hybrid");
        sb.append("| ").append(name).append(" | ").append(h.path("n").asInt()).append(" | ").append(h.path("positives").asInt());
        for (String s : SYSTEMS) {
            JsonNode x = set.path(s);
            if (x.path("positives").asInt() == 0) sb.append(String.format(Locale.ROOT, " | flags %.2f%%", 100 * x.path("flagged_share").asDouble()));
            else sb.append(String.format(Locale.ROOT, " | %.2f / %.2f / %.2f", x.path("precision").asDouble(), x.path("recall").asDouble(), x.path("f1").asDouble()));
        }
        sb.append(String.format(Locale.ROOT, " | %.2f%% |%n", 100 * h.path("flagged_share").asDouble()));
    }
}
