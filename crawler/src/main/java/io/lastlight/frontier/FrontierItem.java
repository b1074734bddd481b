package io.lastlight.frontier;

import java.net.URI;

/**
 * A leased frontier entry: what to fetch, how it was found, and (for a revisit) what its last capture was.
 *
 * @param lastPayloadDigest payload digest of the last 200 capture ({@code sha1:…}), or null
 * @param lastCaptureMillis when that capture was made (epoch ms), or 0
 * @param lastRecordId the WARC-Record-ID of that capture's response record, or null
 * @param owner the account a list page belongs to ({@link io.lastlight.platform.CrawlRequest#owner()}), or null
 * @param lease the fencing token of this lease (a shared frontier's lease number; 0 where there is one
 *              process): an outcome reported under a lease that was since taken over changes nothing
 */
public record FrontierItem(long id, String key, URI uri, String kind, int tier, double value, int attempts,
                           Long parent, int hop, String lastPayloadDigest, long lastCaptureMillis, String lastRecordId,
                           String owner, long lease) {

    /** A leased item of a one-process frontier (no fencing token). */
    public FrontierItem(long id, String key, URI uri, String kind, int tier, double value, int attempts,
                        Long parent, int hop, String lastPayloadDigest, long lastCaptureMillis, String lastRecordId,
                        String owner) {
        this(id, key, uri, kind, tier, value, attempts, parent, hop, lastPayloadDigest, lastCaptureMillis, lastRecordId, owner, 0);
    }

    public FrontierItem(long id, String key, URI uri, String kind, int tier, double value, int attempts,
                        Long parent, int hop, String lastPayloadDigest, long lastCaptureMillis, String lastRecordId) {
        this(id, key, uri, kind, tier, value, attempts, parent, hop, lastPayloadDigest, lastCaptureMillis, lastRecordId, null, 0);
    }

    public FrontierItem(long id, String key, URI uri, String kind, int tier, double value, int attempts, Long parent, int hop) {
        this(id, key, uri, kind, tier, value, attempts, parent, hop, null, 0, null, null, 0);
    }
}
