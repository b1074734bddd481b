package io.lastlight.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lastlight.simulate.http.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lastlight.simulate.SimTestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsTest {
    private static SimServer server(String faults) {
        return SimServer.start(SimConfig.builder().users(100).seed(2).faults(faults).slowDelay(Duration.ofMillis(400)).build());
    }

    private static String profileUrl(SimServer s) {
        return s.baseUri() + "/v1/profile?username=" + s.world().username(1);
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Raw HTTP/1.1 exchange: returns the bytes received until the server closes. */
    private static byte[] raw(SimServer s, String target) throws IOException {
        try (Socket sock = new Socket(s.baseUri().getHost(), s.baseUri().getPort())) {
            sock.setSoTimeout(5000);
            OutputStream out = sock.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = sock.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        }
    }

    @Test
    void serverErrors() throws Exception {
        try (SimServer s = server("5xx=1")) {
            for (int i = 0; i < 10; i++) {
                int code = get(profileUrl(s)).statusCode();
                assertTrue(code == 500 || code == 502 || code == 503, "got " + code);
            }
            assertEquals(200, get(s.baseUri() + "/robots.txt").statusCode(), "robots.txt is never faulted");
        }
    }

    @Test
    void connectionResets() throws Exception {
        try (SimServer s = server("reset=1")) {
            assertThrows(IOException.class, () -> get(profileUrl(s)));
        }
    }

    @Test
    void slowResponses() throws Exception {
        try (SimServer s = server("slow=1")) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = get(profileUrl(s));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.statusCode());
            assertTrue(ms >= 390, "took " + ms + " ms");
        }
    }

    @Test
    void truncatedBodies() throws Exception {
        try (SimServer s = server("truncate=1")) {
            byte[] all = raw(s, "/v1/profile?username=" + s.world().username(1));
            String text = new String(all, StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            Matcher m = Pattern.compile("Content-Length: (\\d+)").matcher(text.substring(0, split));
            assertTrue(m.find());
            int declared = Integer.parseInt(m.group(1));
            int got = all.length - (text.substring(0, split + 4).getBytes(StandardCharsets.UTF_8).length);
            assertTrue(got < declared, "declared " + declared + ", got " + got);
            assertThrows(IOException.class, () -> get(profileUrl(s)));
        }
    }

    @Test
    void malformedJson() throws Exception {
        try (SimServer s = server("malformed=1")) {
            HttpResponse<byte[]> r = get(profileUrl(s));
            assertEquals(200, r.statusCode());
            assertThrows(JsonProcessingException.class, () -> JSON.readTree(r.body()));
        }
    }

    @Test
    void cloudflareChallenge() throws Exception {
        try (SimServer s = server("challenge=1")) {
            HttpResponse<byte[]> r = get(profileUrl(s));
            assertTrue(r.statusCode() == 403 || r.statusCode() == 503);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("Just a moment"));
            assertTrue(body.contains("cdn-cgi/challenge-platform"));
        }
    }

    @Test
    void faultDecisionsAreDeterministicPerSeedAndSequenceAndNearTheirFractions() {
        String spec = "5xx=0.1,reset=0.02,slow=0.05,truncate=0.01,malformed=0.01,challenge=0.01";
        List<String> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
        try (SimServer x = server(spec); SimServer y = server(spec);
             SimServer z = SimServer.start(SimConfig.builder().users(100).seed(3).faults(spec).build())) {
            for (int i = 0; i < 2000; i++) {
                String target = "/v1/profile?username=" + x.world().username(i % 50);
                Response rx = SimTestSupport.call(x, target), ry = SimTestSupport.call(y, target), rz = SimTestSupport.call(z, target);
                a.add(rx.status() + ":" + rx.note());
                b.add(ry.status() + ":" + ry.note());
                c.add(rz.status() + ":" + rz.note());
            }
        }
        assertEquals(a, b);
        assertNotEquals(a, c);
        long errors = a.stream().filter(v -> v.endsWith("fault=5xx")).count();
        long any = a.stream().filter(v -> !v.endsWith(":null")).count();
        assertTrue(errors > 140 && errors < 260, "5xx " + errors);
        assertTrue(any > 300 && any < 500, "faults " + any);
    }

    @Test
    void goingDarkRefusesConnections() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.builder().users(50).darkAfter(Duration.ofMillis(400)).build())) {
            assertEquals(200, get(profileUrl(s)).statusCode());
            Thread.sleep(800);
            assertTrue(s.isDark());
            assertThrows(ConnectException.class, () -> new Socket(s.baseUri().getHost(), s.baseUri().getPort()).close());
            assertThrows(IOException.class, () -> get(profileUrl(s)));
        }
    }

    @Test
    void goingDarkAfterRequestsAnswersExactlyThatManyThenRefuses() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.builder().users(50).darkAfterRequests(3).build())) {
            for (int i = 0; i < 3; i++) assertEquals(200, get(profileUrl(s)).statusCode(), "request " + (i + 1));
            assertEquals(3, s.requestsAnswered());
            assertThrows(IOException.class, () -> get(profileUrl(s)), "the 4th request finds its connection dropped");
            // The listening socket closes on the server's timer thread right after: wait for it, then it refuses.
            for (int i = 0; i < 500 && !s.isDark(); i++) Thread.sleep(10);
            assertTrue(s.isDark());
            assertThrows(IOException.class, () -> get(profileUrl(s)));
            assertEquals(3, s.requestsAnswered(), "nothing is answered once dark");
        }
        assertThrows(IllegalArgumentException.class, () -> SimConfig.builder().darkAfterRequests(-1).build());
    }

    @Test
    void darkAtFollowsTheWorldClock() throws Exception {
        // world runs 3600x real time: 2021-01-09T00:00 + 1h world = 1s real
        try (SimServer s = SimServer.start(SimConfig.builder().users(50).timeScale(3600)
                .darkAt(java.time.Instant.parse("2021-01-09T00:30:00Z")).build())) {
            assertEquals(200, get(profileUrl(s)).statusCode());
            Thread.sleep(1000);
            assertThrows(ConnectException.class, () -> new Socket(s.baseUri().getHost(), s.baseUri().getPort()).close());
        }
    }
}
