package io.lastlight.platform;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One captured HTTP exchange as the adapters see it: never a live connection, only the bytes that were
 * (or will be) stored in WARC. {@code body} is the decoded payload (Content-Encoding removed).
 */
public record Capture(URI uri, Instant time, int status, Map<String, List<String>> headers, byte[] body,
                      boolean truncated) {

    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return Optional.of(e.getValue().get(0));
        }
        return Optional.empty();
    }

    public String contentType() {
        return header("Content-Type").map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
