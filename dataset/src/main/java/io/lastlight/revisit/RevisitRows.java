package io.lastlight.revisit;

import io.lastlight.classify.Classifier;
import io.lastlight.extract.ObservationRows;
import io.lastlight.extract.WarcCapture;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.parquet.Row;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PlatformStat;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import io.lastlight.platform.Tombstone;
import io.lastlight.schema.DatasetSchema;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of one revisit: its original's payload parsed by the platform adapter as a capture made at the
 * revisit's time, with the revisit's own HTTP status and headers (the original's where the revisit stores none, or
 * where it stores a 304 Not Modified: the server confirmed the original's content then) and the revisit record's
 * pointer columns; plus its {@code captures} row ({@code record_type = revisit},
 * {@code refers_to_record_id} = the original). An unresolved revisit gives only its {@code captures} row,
 * with {@code parse_status = revisit-unresolved}.
 */
public final class RevisitRows {
    static final String UNRESOLVED = "revisit-unresolved";
    private static final int NOT_MODIFIED = 304;
    static final String RECORD_TYPE = "revisit";
    /** Tables in {@link WarcExtractor#TABLES} order. */
    static final int CAPTURES = 0, PROFILES = 1, POSTS = 2, FOLLOWS = 3, TOMBSTONES = 4, STATS = 5, LINKS = 6;

    private final ObservationRows rows;
    private final Classifier classifier;
    private final int recordType, refersTo, contentType;

    public RevisitRows(DatasetSchema schema, Classifier classifier) {
        this.rows = new ObservationRows(schema);
        this.classifier = classifier;
        var captures = schema.table("captures");
        recordType = captures.indexOf("record_type");
        refersTo = captures.indexOf("refers_to_record_id");
        contentType = captures.indexOf("content_type");
        if (recordType < 0 || refersTo < 0 || contentType < 0) throw new IllegalStateException("captures lacks the revisit columns");
        if (!WarcExtractor.TABLES.equals(List.of("captures", "profile_observations", "post_observations", "follows", "tombstones", "platform_stats", "links"))) {
            throw new IllegalStateException("observation tables changed: update RevisitRows");
        }
    }

    /** Rows per table ({@link WarcExtractor#TABLES} order) for one revisit; {@code original} null if unresolved. */
    public List<Row>[] rows(RevisitRef r, OriginalLookup.Original original, OriginalPayload payload, Platform platform) {
        @SuppressWarnings("unchecked")
        List<Row>[] out = new List[WarcExtractor.TABLES.size()];
        for (int i = 0; i < out.length; i++) out[i] = new ArrayList<>(i == CAPTURES ? 1 : 0);
        String kind = kind(platform, r.targetUri());
        String ownType = header(r.headers(), "Content-Type");
        if (original == null) {
            WarcCapture c = pointer(r, r.httpStatus(), -1, null);
            out[CAPTURES].add(revisit(rows.capture(c, platform.name(), kind, UNRESOLVED,
                    "original not in the input WARC files (" + r.lookupDescription() + ")", 0), r.refersTo()).set(contentType, ownType));
            return out;
        }
        if (payload.error() != null) {
            WarcCapture c = pointer(r, r.httpStatus(), -1, null);
            out[CAPTURES].add(revisit(rows.capture(c, platform.name(), kind, Extraction.ERROR, payload.error(), 0),
                    original.recordId()).set(contentType, ownType));
            return out;
        }
        int status = r.httpStatus() != null ? r.httpStatus() : payload.status();
        // A 304 (a server-not-modified revisit, as Heritrix writes after a conditional GET): the server said then that the
        // original's content was still current, so it is read as the original was served, with the original's status
        // and headers; the captures row keeps the revisit's own 304.
        boolean notModified = status == NOT_MODIFIED;
        Map<String, java.util.List<String>> headers = r.headers() != null && !notModified ? r.headers() : payload.headers();
        int served = notModified ? payload.status() : status;
        URI uri;
        try {
            uri = URI.create(r.targetUri());
        } catch (IllegalArgumentException | NullPointerException e) {
            WarcCapture c = pointer(r, status, payload.payloadLength(), null);
            out[CAPTURES].add(revisit(rows.capture(c, platform.name(), kind, Extraction.ERROR, "bad WARC-Target-URI: " + e.getMessage(), 0),
                    original.recordId()));
            return out;
        }
        Capture capture = new Capture(uri, r.date(), served, headers, payload.body(), payload.truncated());
        WarcCapture c = pointer(r, status, payload.payloadLength(), capture);
        Extraction x;
        try {
            x = platform.extract(capture);
        } catch (RuntimeException e) {
            x = Extraction.failed(Extraction.ERROR, "adapter failed: " + e);
        }
        String instance = platform.instanceOf(uri); // the id space of this capture's ids
        for (ProfileObservation p : x.profiles()) out[PROFILES].add(rows.profile(p, c, instance));
        for (PostObservation p : x.posts()) out[POSTS].add(rows.post(p, c, instance, classifier == null || p.text() == null
                || p.text().isBlank() || p.deleted() ? null : classifier.classify(p.text(), p.lang())));
        for (Tombstone t : x.tombstones()) out[TOMBSTONES].add(rows.tombstone(t, c, instance));
        for (PlatformStat s : x.stats()) out[STATS].add(rows.stat(s, c, instance));
        for (FollowEdge f : x.follows()) out[FOLLOWS].add(rows.follow(f, c, instance));
        for (io.lastlight.platform.LinkObservation l : x.links()) out[LINKS].add(rows.link(l, c, instance));
        out[CAPTURES].add(revisit(rows.capture(c, platform.name(), kind, x), original.recordId()));
        return out;
    }

    private Row revisit(Row capture, String refersToId) {
        return capture.set(recordType, RECORD_TYPE).set(refersTo, refersToId);
    }

    private static WarcCapture pointer(RevisitRef r, Integer status, long payloadLength, Capture capture) {
        return new WarcCapture(r.warcFile(), r.offset(), r.length(), r.recordId(), r.targetUri(), r.date(), status,
                r.payloadDigest(), payloadLength, capture, null).withDigestCheck(r.digestCheck(), null);
    }

    private static String kind(Platform platform, String target) {
        if (target == null) return null;
        try {
            return platform.kindOf(URI.create(target));
        } catch (IllegalArgumentException e) {
            return "other";
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) return null;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
        }
        return null;
    }
}
