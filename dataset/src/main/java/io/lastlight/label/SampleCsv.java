package io.lastlight.label;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The annotation sheet: one row per sampled post, the {@code human_label} column left empty for the annotator.
 * {@code instance} (the post's server, empty for Parler) comes last, after the columns sheets had before it:
 * {@link AnnotationImporter} reads columns by header name, and with post_id it names the post (Mastodon-API servers
 * number their own statuses).
 */
public final class SampleCsv {
    public static final String POST_ID = "post_id";
    public static final String TEXT = "text";
    public static final String CLASSIFIER_LABEL = "classifier_label";
    public static final String SCORE = "score";
    public static final String STRATUM = "stratum";
    public static final String INCLUSION_PROBABILITY = "inclusion_probability";
    public static final String WEIGHT = "weight";
    public static final String CLASSIFIER_VERSION = "classifier_version";
    public static final String HUMAN_LABEL = "human_label";
    public static final String INSTANCE = "instance";
    /** Not written by the sampler; read when present (a post id and instance can name posts of two platforms). */
    public static final String PLATFORM = "platform";
    public static final List<String> HEADER = List.of(POST_ID, TEXT, CLASSIFIER_LABEL, SCORE, STRATUM,
            INCLUSION_PROBABILITY, WEIGHT, CLASSIFIER_VERSION, HUMAN_LABEL, INSTANCE);

    private SampleCsv() {}

    public static void write(List<StratifiedSampler.Draw> draws, Map<PostKey, String> texts, String classifierVersion,
                             Appendable out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(new String[0])).get());
        for (StratifiedSampler.Draw d : draws) {
            p.printRecord(d.postId(), texts.getOrDefault(d.post(), ""), d.flagged(), d.score(), d.stratum().id(),
                    d.inclusionProbability(), d.weight(), classifierVersion, "",
                    d.post().instance() == null ? "" : d.post().instance());
        }
        p.flush();
    }
}
