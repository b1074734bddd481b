package io.lastlight.warc;

import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcTruncationReason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channels;

/**
 * The response (or revisit) and request records of one capture, as jwarc records ready to write, with what the
 * CDXJ line needs. Pure: made on whichever thread serialises the capture. The metadata record is made apart
 * ({@link WarcSink#metadata}): it names the parent's URL, which the caller may only know on the writing thread.
 *
 * @param facts the status and Content-Type of the response head: as it was written from, when plain, else as jwarc parses
 *              a copy of its bytes; null when that parse fails ({@code headUnreadable}: the file is indexed by reading it
 *              back). The record itself is never parsed before it is written: jwarc does not push back what a failed
 *              parse read, and the record would then be written short.
 */
record CaptureWarcRecords(WarcCaptureRecord response, URI responseId, WarcRequest request, HeadFacts facts,
                          boolean headUnreadable) {
    /**
     * @param payload the body's SHA-1, when the caller has it already (it decided on a revisit by it), else null
     */
    static CaptureWarcRecords of(CaptureRecord c, URI warcinfoId, WarcDigest payload) {
        byte[] reqBytes = HttpBytes.request(c.method(), c.uri(), c.requestHeaders());
        byte[] head = HttpBytes.responseHead(c.status(), c.reason(), c.responseHeaders(), c.truncated());
        WarcDigest payloadDigest = payload != null ? payload : WarcSink.sha1(c.body());
        WarcCaptureRecord response;
        if (c.revisitOf() != null) {
            // Unchanged payload: keep the headers (they may differ), refer to the earlier full capture.
            WarcRevisit.Builder vb = new WarcRevisit.Builder(c.uri(), WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(c.date())
                    .body(MediaType.HTTP_RESPONSE, head)
                    .blockDigest(WarcSink.sha1(head))
                    .payloadDigest(payloadDigest)
                    .warcinfoId(warcinfoId);
            CaptureRecord.Revisit r = c.revisitOf();
            if (r.recordId() != null) vb.refersTo(r.recordId(), r.targetUri(), r.date());
            else vb.addHeader("WARC-Refers-To-Target-URI", r.targetUri().toString())
                    .addHeader("WARC-Refers-To-Date", r.date().toString());
            response = vb.build();
        } else {
            byte[] respBytes = HttpBytes.concat(head, c.body());
            WarcResponse.Builder rb = new WarcResponse.Builder(c.uri()).date(c.date())
                    .body(MediaType.HTTP_RESPONSE, respBytes)
                    .blockDigest(WarcSink.sha1(respBytes))
                    .payloadDigest(payloadDigest)
                    .warcinfoId(warcinfoId);
            if (c.truncated()) rb.truncated(WarcTruncationReason.LENGTH);
            response = rb.build();
        }
        URI responseId = response.id(); // jwarc parses the header on every call: once per capture
        WarcRequest request = new WarcRequest.Builder(c.uri()).date(c.date())
                .body(MediaType.HTTP_REQUEST, reqBytes)
                .blockDigest(WarcSink.sha1(reqBytes))
                .warcinfoId(warcinfoId)
                .concurrentTo(responseId)
                .build();
        HeadFacts facts = HeadFacts.of(c.status(), c.reason(), c.responseHeaders());
        boolean unreadable = false;
        if (facts == null) {
            try {
                HttpResponse http = HttpResponse.parseWithoutBody(Channels.newChannel(new ByteArrayInputStream(head)), null);
                facts = new HeadFacts(http.status(), http.headers().first("Content-Type").orElse(null));
            } catch (IOException | RuntimeException e) {
                unreadable = true;
            }
        }
        return new CaptureWarcRecords(response, responseId, request, facts, unreadable);
    }
}
