package io.lastlight.platform.mastodon;

import io.lastlight.platform.Capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixtures shaped as platforms.md §2 (Mastodon, Truth Social and Gab responses) and captures around them. */
final class MastodonFixtures {
    static final URI BASE = URI.create("https://truthsocial.example");
    static final String ANNA = "109348763410098731"; // above 2^53

    private MastodonFixtures() {}

    static byte[] fixture(String name) {
        try (InputStream in = MastodonFixtures.class.getResourceAsStream("/fixtures/mastodon/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Capture capture(String pathAndQuery, int status, byte[] body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/json; charset=utf-8"));
        for (int i = 0; i + 1 < headers.length; i += 2) h.put(headers[i], List.of(headers[i + 1]));
        return new Capture(URI.create(BASE + pathAndQuery), Instant.parse("2023-03-02T00:00:00Z"), status, h, body, false);
    }

    static Capture capture(String pathAndQuery, String json, String... headers) {
        return capture(pathAndQuery, 200, json.getBytes(StandardCharsets.UTF_8), headers);
    }
}
