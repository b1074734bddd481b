package io.lastlight.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * What an adapter read from one capture: observation rows plus the parse outcome. A capture that is not
 * content (404, a block page) or that fails to parse yields no rows and a status saying why.
 */
public final class Extraction {
    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String BLOCKED = "blocked";
    public static final String NOT_CONTENT = "not-content";
    public static final String EMPTY = "empty";
    /**
     * Refused by the platform's policy, not by failure: an endpoint it opens only to logged-in users (see
     * {@link Platform#policyRefusal}). The list or thread it belongs to is truncated there.
     */
    public static final String POLICY = "policy";

    private final List<ProfileObservation> profiles = new ArrayList<>();
    private final List<PostObservation> posts = new ArrayList<>();
    private final List<FollowEdge> follows = new ArrayList<>();
    private final List<Tombstone> tombstones = new ArrayList<>();
    private final List<PlatformStat> stats = new ArrayList<>();
    private final List<LinkObservation> links = new ArrayList<>();
    private String status = OK;
    private String detail;
    private String recordNote;

    public static Extraction failed(String status, String detail) {
        Extraction e = new Extraction();
        e.status = status;
        e.detail = detail;
        return e;
    }

    public Extraction add(ProfileObservation p) { profiles.add(p); return this; }
    public Extraction add(PostObservation p) { posts.add(p); return this; }
    public Extraction add(FollowEdge f) { follows.add(f); return this; }
    public Extraction add(Tombstone t) { tombstones.add(t); return this; }
    public Extraction add(PlatformStat s) { stats.add(s); return this; }
    public Extraction add(LinkObservation l) { links.add(l); return this; }

    public List<ProfileObservation> profiles() { return profiles; }
    public List<PostObservation> posts() { return posts; }
    public List<FollowEdge> follows() { return follows; }
    public List<Tombstone> tombstones() { return tombstones; }
    public List<PlatformStat> stats() { return stats; }
    public List<LinkObservation> links() { return links; }
    public String status() { return status; }
    public String detail() { return detail; }

    /**
     * Says what a page that parsed (status ok) did not show in the expected markup, field by field; kept in
     * {@code captures.parse_error} so a partly read page is visible. Does not change the status.
     */
    public Extraction note(String what) {
        if (what == null || what.isEmpty()) return this;
        detail = detail == null ? what : detail + "; " + what;
        return this;
    }

    /**
     * Says what was unusual about the capture's bytes that the adapter read around (a body repaired before it
     * parsed: {@link io.lastlight.json.LenientJson#note}); kept in {@code captures.record_note}, after the notes
     * about the WARC record itself. Does not change the status or {@link #detail}. Null or empty adds nothing.
     */
    public Extraction recordNote(String what) {
        if (what == null || what.isEmpty()) return this;
        recordNote = recordNote == null ? what : recordNote + "; " + what;
        return this;
    }

    /** The notes for {@code captures.record_note} ({@link #recordNote(String)}), or null. */
    public String recordNote() { return recordNote; }

    public int rowCount() {
        return profiles.size() + posts.size() + follows.size() + tombstones.size() + stats.size() + links.size();
    }
}
