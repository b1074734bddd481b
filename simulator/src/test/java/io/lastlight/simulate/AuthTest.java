package io.lastlight.simulate;

import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthTest {
    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    private static Response call(SimServer s, String method, String target, String cookies) {
        Map<String, String> h = new LinkedHashMap<>();
        if (cookies != null) h.put("cookie", cookies);
        return s.handle(new Request(method, target, h, new byte[0], "c"));
    }

    private static String cookie(Response r, String name) {
        for (String[] h : r.headers()) {
            if (h[0].equalsIgnoreCase("Set-Cookie") && h[1].startsWith(name + "=")) return h[1].substring(name.length() + 1, h[1].indexOf(';'));
        }
        return null;
    }

    @Test
    void cookiesAreRequiredAndJstRotates() throws Exception {
        MutableClock clock = new MutableClock();
        try (SimServer s = SimServer.start(SimConfig.builder().users(60).auth(true).clock(clock).build())) {
            String target = "/v1/profile?username=" + s.world().username(2);
            assertEquals(401, call(s, "GET", target, null).status());
            Response login = call(s, "POST", "/v1/login", null);
            assertEquals(200, login.status());
            String mst = cookie(login, "mst"), jst = cookie(login, "jst");
            assertEquals(s.mstCookie(), mst);
            assertEquals(200, call(s, "GET", target, "mst=" + mst + "; jst=" + jst).status());
            assertEquals(401, call(s, "GET", target, "mst=wrong; jst=" + jst).status());
            assertEquals(401, call(s, "GET", target, "mst=" + mst).status());
            // HTML and Mastodon faces are open
            assertEquals(200, call(s, "GET", "/profile/" + s.world().username(2), null).status());
            clock.advance(Duration.ofMinutes(5));
            Response rotated = call(s, "GET", target, "mst=" + mst + "; jst=" + jst);
            assertEquals(200, rotated.status(), "the previous jst is still accepted");
            String jst2 = cookie(rotated, "jst");
            assertNotEquals(jst, jst2);
            assertNull(cookie(call(s, "GET", target, "mst=" + mst + "; jst=" + jst2), "jst"), "no rotation while current");
            clock.advance(Duration.ofMinutes(10));
            assertEquals(401, call(s, "GET", target, "mst=" + mst + "; jst=" + jst).status(), "an old jst expires");
            // over a real socket
            HttpClient c = HttpClient.newHttpClient();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(s.baseUri() + target))
                    .header("Cookie", "mst=" + mst + "; jst=" + s.jstCookie(s.worldNow())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains(s.world().username(2)));
        }
    }
}
