package io.lastlight.warc;

import java.net.URI;

/**
 * Where a capture landed: the file, the response record's offset and stored length, its record id, and
 * the end of the last record written for this capture (what a crash-safe commit records).
 */
public record WarcPosition(String file, long offset, long length, URI recordId, long end) {
}
