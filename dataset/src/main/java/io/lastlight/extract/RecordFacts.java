package io.lastlight.extract;

import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcRecord;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mandatory headers of a WARC (or ARC) record as real archives hold them, never throwing: the type, the record id
 * (a record without one gets a stand-in naming its file and offset; one written {@code <urn:uuid:urn:uuid:…>} is kept
 * as written), the date (every W3C precision, see {@link WarcDates#lenient}) and the target URI (angle brackets as
 * wget 1.14 wrote them, and characters a URI may not hold, percent-encoded for parsing). What was odd is said in
 * {@link #notes}.
 */
public record RecordFacts(String type, String id, Instant date, String target, URI uri, List<String> notes) {
    /** Prefix of the stand-in id of a record that has no WARC-Record-ID (an ARC record, or a damaged WARC record). */
    public static final String STAND_IN_ID = "urn:x-lastlight:no-record-id:";

    public static String standInId(String file, long offset) {
        return STAND_IN_ID + file + "@" + offset;
    }

    public static RecordFacts of(WarcRecord r, String file, long offset) {
        return of(r, file, offset, null);
    }

    /**
     * As {@link #of(WarcRecord, String, long)}, reusing the URI of the last target {@code targets} parsed cleanly: a
     * capture's request, response and metadata records name one target, and {@link URI}'s parser costs more than the
     * rest of these facts together (1M posts: 2.7 of 4.5 CPU-s).
     */
    public static RecordFacts of(WarcRecord r, String file, long offset, Targets targets) {
        MessageHeaders h = r.headers();
        List<String> notes = new ArrayList<>(1);
        boolean arc = "ARC".equals(r.version().getProtocol());
        if (arc) notes.add("ARC record");
        String type = h.first("WARC-Type").orElse(null);
        if (type == null) {
            notes.add("no WARC-Type");
            type = "unknown";
        }
        List<String> ids = h.all("WARC-Record-ID");
        String id;
        if (ids.isEmpty() || ids.get(0).isBlank()) {
            id = standInId(file, offset);
            if (!arc) notes.add("no WARC-Record-ID (stand-in id " + id + ")");
        } else {
            id = stripBrackets(ids.get(0).strip());
            if (ids.size() > 1) notes.add(ids.size() + " WARC-Record-ID headers (the first is used)");
            if (id.regionMatches(true, 0, "urn:uuid:urn:uuid:", 0, 18)) notes.add("record id written as <urn:uuid:urn:uuid:…> (kept as written)");
        }
        Instant date = null;
        Optional<String> d = h.first("WARC-Date");
        if (d.isEmpty()) {
            notes.add("no WARC-Date");
        } else {
            Instant fast = WarcDates.parse(d.get());
            if (fast != null) {
                date = fast;
            } else {
                WarcDates.Dated lenient = WarcDates.lenient(d.get());
                if (lenient == null) notes.add("unreadable WARC-Date '" + d.get() + "'");
                else {
                    date = lenient.instant();
                    if (lenient.note() != null) notes.add(lenient.note());
                }
            }
        }
        String target = h.first("WARC-Target-URI").map(String::strip).orElse(null);
        URI uri = null;
        if (target != null) {
            if (target.startsWith("<") && target.endsWith(">")) {
                target = target.substring(1, target.length() - 1);
                notes.add("WARC-Target-URI in angle brackets");
            }
            uri = targets != null ? targets.uri(target, notes) : uri(target, notes);
        }
        return new RecordFacts(type, id, date, target, uri, List.copyOf(notes));
    }

    static String stripBrackets(String id) {
        return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }

    /** The target as a URI; characters a URI may not hold (a space, {@code |} …) percent-encoded, with a note. Null if hopeless. */
    static URI uri(String target, List<String> notes) {
        try {
            return new URI(target);
        } catch (URISyntaxException e) {
            StringBuilder b = new StringBuilder(target.length() + 16);
            for (byte x : target.getBytes(StandardCharsets.UTF_8)) {
                int c = x & 0xff;
                if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) b.append('%').append(String.format(Locale.ROOT, "%02X", c));
                else b.append((char) c);
            }
            try {
                URI u = new URI(b.toString());
                notes.add("WARC-Target-URI is not a valid URI (" + e.getReason() + "): percent-encoded for parsing");
                return u;
            } catch (URISyntaxException e2) {
                notes.add("WARC-Target-URI is not a URI: " + e2.getMessage());
                return null;
            }
        }
    }

    /**
     * The URI of the target parsed last, when it parsed as it stands (no note). One per reader: not thread-safe. A URI
     * is immutable, so records sharing it share nothing that can change.
     */
    public static final class Targets {
        private String target;
        private URI uri;

        URI uri(String t, List<String> notes) {
            if (t.equals(target)) return uri;
            int before = notes.size();
            URI u = RecordFacts.uri(t, notes);
            boolean clean = u != null && notes.size() == before;
            target = clean ? t : null;
            uri = clean ? u : null;
            return u;
        }
    }

    /** These facts with one more note. */
    public RecordFacts withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new RecordFacts(type, id, date, target, uri, List.copyOf(more));
    }

    /** The notes joined for the captures table's record_note, or null when there are none. */
    public String note() {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }

    /** Scheme of the target in lower case, or null. */
    public String scheme() {
        if (uri != null && uri.getScheme() != null) return uri.getScheme().toLowerCase(Locale.ROOT);
        if (target == null) return null;
        int colon = target.indexOf(':');
        return colon > 0 ? target.substring(0, colon).toLowerCase(Locale.ROOT) : null;
    }
}
