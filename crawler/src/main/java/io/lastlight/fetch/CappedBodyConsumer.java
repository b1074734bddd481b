package io.lastlight.fetch;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Buffers a response body up to a cap. Bytes past the cap are read and dropped (the connection stays
 * usable) and the result is marked truncated, to be recorded as {@code WARC-Truncated: length}.
 */
final class CappedBodyConsumer extends AbstractBinResponseConsumer<CappedBodyConsumer.Raw> {
    record Raw(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body, boolean truncated) {}

    private final long maxBytes;
    private ByteArrayOutputStream buf;
    private int status;
    private String reason;
    private List<Map.Entry<String, String>> headers;
    private boolean truncated;

    CappedBodyConsumer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
        status = response.getCode();
        reason = response.getReasonPhrase();
        headers = new ArrayList<>();
        for (Header h : response.getHeaders()) headers.add(new AbstractMap.SimpleImmutableEntry<>(h.getName(), h.getValue()));
        buf = new ByteArrayOutputStream(8192);
    }

    @Override
    protected int capacityIncrement() {
        return 64 * 1024;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) {
        int n = src.remaining();
        long room = maxBytes - buf.size();
        if (n > room) {
            truncated = true;
            n = (int) Math.max(0, room);
        }
        byte[] chunk = new byte[n];
        src.get(chunk);
        buf.write(chunk, 0, n);
        src.position(src.limit());
    }

    @Override
    protected Raw buildResult() {
        return new Raw(status, reason, headers, buf == null ? new byte[0] : buf.toByteArray(), truncated);
    }

    @Override
    public void releaseResources() {
        buf = null;
    }
}
