package io.lastlight.extract;

import io.lastlight.classify.HybridClassifier;
import io.lastlight.platform.PostObservation;
import io.lastlight.parquet.Row;
import io.lastlight.schema.DatasetSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * How a classification lands on a posts row: a post outside the classifier's scope (not English) has violent and
 * violent_score null, as a post with no text, so the prevalence queries (violent IS NOT NULL) leave it out, and keeps
 * the reason in violent_rules.
 */
class ObservationRowsLabelTest {
    private final ObservationRows rows = new ObservationRows(DatasetSchema.bundled());
    private final WarcCapture capture = new WarcCapture("crawl.warc.gz", 0, 100, "<urn:uuid:1>", "https://example.social/api/v1/statuses/1",
            Instant.parse("2021-01-06T12:00:00Z"), 200, null, 10, null, null);
    private final HybridClassifier c = HybridClassifier.standard();

    private Row post(String text, String lang) {
        PostObservation p = PostObservation.builder("mastodon", "1").text(text).lang(lang).build();
        return rows.post(p, capture, null, c.classify(p.text(), p.lang()));
    }

    @Test
    void nonEnglishPostIsUnlabelledWithTheReason() {
        Row r = post("Die Wahl wurde gestohlen.", "de");
        assertNull(r.get("violent"));
        assertNull(r.get("violent_score"));
        assertNull(r.get("violent_spans"));
        assertEquals(List.of("not-english/lang=de"), r.get("violent_rules"));
        assertEquals(c.version(), r.get("classifier_version"));
    }

    @Test
    void englishPostIsLabelled() {
        Row r = post("We will hang them all.", "en");
        assertEquals(true, r.get("violent"));
        assertNotNull(r.get("violent_score"));
        assertEquals(c.version(), r.get("classifier_version"));
    }
}
