package io.lastlight.label;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The annotation sheet: one row per sampled post, the {@code human_label} column left empty for the annotator. */
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
    public static final List<String> HEADER = List.of(POST_ID, TEXT, CLASSIFIER_LABEL, SCORE, STRATUM,
            INCLUSION_PROBABILITY, WEIGHT, CLASSIFIER_VERSION, HUMAN_LABEL);

    private SampleCsv() {}

    public static void write(List<StratifiedSampler.Draw> draws, Map<String, String> texts, String classifierVersion,
                             Appendable out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(new String[0])).get());
        for (StratifiedSampler.Draw d : draws) {
            p.printRecord(d.postId(), texts.getOrDefault(d.postId(), ""), d.flagged(), d.score(), d.stratum().id(),
                    d.inclusionProbability(), d.weight(), classifierVersion, "");
        }
        p.flush();
    }
}
