package io.lastlight.crawl;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback server (ephemeral port) playing a small Parler-like API whose answers a test scripts per request:
 * the script sees the request target (path and query) and how many times it was asked for before, and returns an
 * {@link Answer}, or null for the default: robots.txt allowing everything, a banned profile for
 * {@code /v1/profile?username=NAME} (so it leads nowhere), 404 otherwise. Every request is logged with its time.
 */
final class ScriptedApi implements AutoCloseable {
    /** One answer: status, headers, body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer of(int status, String contentType, String body, String... headerPairs) {
            return of(status, contentType, body.getBytes(StandardCharsets.UTF_8), headerPairs);
        }

        static Answer of(int status, String contentType, byte[] body, String... headerPairs) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", contentType);
            for (int i = 0; i + 1 < headerPairs.length; i += 2) h.put(headerPairs[i], headerPairs[i + 1]);
            return new Answer(status, h, body);
        }
    }

    /** What to answer to the {@code nth} (0-based) request for {@code target}; null for the default. */
    interface Script {
        Answer answer(String target, int nth);
    }

    /** One request: when (System.nanoTime), what, and the status answered. */
    record Hit(long nanos, String target, int status) {}

    private final HttpServer http;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    final List<Hit> hits = Collections.synchronizedList(new ArrayList<>());

    ScriptedApi(Script script) throws IOException {
        this(script, 0);
    }

    /** On loopback port {@code port} (0: any free one). */
    ScriptedApi(Script script, int port) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext("/", ex -> {
            String t = ex.getRequestURI().toString();
            int nth = counts.merge(t, 1, Integer::sum) - 1;
            Answer a = script.answer(t, nth);
            if (a == null) a = standard(t);
            hits.add(new Hit(System.nanoTime(), t, a.status()));
            a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) ex.getResponseBody().write(a.body());
            ex.close();
        });
        http.start();
    }

    static Answer standard(String target) {
        if (target.equals("/robots.txt")) return Answer.of(200, "text/plain", "User-agent: *\nDisallow:\n");
        String prefix = "/v1/profile?username=";
        if (target.startsWith(prefix)) {
            String name = target.substring(prefix.length());
            return Answer.of(200, "application/json", "{\"id\":\"u-" + name + "\",\"username\":\"" + name + "\",\"banned\":true}");
        }
        return Answer.of(404, "application/json", "{\"message\":\"not found\"}");
    }

    String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** How many times {@code target} was asked for. */
    int count(String target) {
        return counts.getOrDefault(target, 0);
    }

    /** Settings for a quick crawl of this server: short backoff, high ceiling, these seed users. */
    CrawlSettings settings(java.nio.file.Path out, String... seeds) {
        CrawlSettings s = CrawlSettings.defaults();
        s.base = base();
        s.seedUsers = new ArrayList<>(List.of(seeds));
        s.out = out;
        s.rate = 200;
        s.backoffBaseS = 0.01;
        s.backoffMaxS = 0.1;
        return s;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
