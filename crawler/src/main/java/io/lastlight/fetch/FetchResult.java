package io.lastlight.fetch;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one request produced: either a response (status, headers in order, the raw body as received,
 * truncated at the size cap) or a transport error. {@code requestHeaders} are the headers actually sent.
 */
public record FetchResult(URI uri, Instant date, List<Map.Entry<String, String>> requestHeaders,
                          int status, String reason, List<Map.Entry<String, String>> headers, byte[] body,
                          boolean truncated, Throwable error, long elapsedNanos) {

    public boolean isError() {
        return error != null;
    }

    public Optional<String> header(String name) {
        if (headers == null) return Optional.empty();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) return Optional.of(h.getValue());
        }
        return Optional.empty();
    }

    public String describeError() {
        if (error == null) return null;
        String m = error.getMessage();
        return error.getClass().getSimpleName() + (m == null ? "" : ": " + m.toLowerCase(Locale.ROOT));
    }
}
