package io.lastlight.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers: call a server's handler in-process and parse JSON. */
final class SimTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BASE = "http://sim.test";

    private SimTestSupport() {}

    static Request get(String target) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "sim.test");
        return new Request("GET", target, h, new byte[0], "test-client");
    }

    static Response call(SimServer s, String target) {
        return s.handle(get(target), s.config().worldStart(), BASE);
    }

    static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode getJson(SimServer s, String target) {
        Response r = call(s, target);
        if (r.status() != 200) throw new AssertionError("status " + r.status() + " for " + target + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return json(r);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
