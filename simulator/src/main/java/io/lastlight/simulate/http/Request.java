package io.lastlight.simulate.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed HTTP request. Header names are lower-case. */
public final class Request {
    private final String method;
    private final String target;
    private final String path;
    private final String rawQuery;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String client;
    private Map<String, String> params;

    public Request(String method, String target, Map<String, String> headers, byte[] body, String client) {
        this.method = method;
        this.target = target;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
        this.headers = headers;
        this.body = body;
        this.client = client;
    }

    public String method() { return method; }
    /** Path and query as sent. */
    public String target() { return target; }
    public String path() { return path; }
    public String rawQuery() { return rawQuery; }
    public Map<String, String> headers() { return headers; }
    public String header(String name) { return headers.get(name.toLowerCase(java.util.Locale.ROOT)); }
    public byte[] body() { return body; }
    /** Client identity used for rate limiting (the remote address). */
    public String client() { return client; }

    public Map<String, String> params() {
        if (params == null) {
            Map<String, String> m = new LinkedHashMap<>();
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (String part : rawQuery.split("&")) {
                    if (part.isEmpty()) continue;
                    int e = part.indexOf('=');
                    String k = e < 0 ? part : part.substring(0, e);
                    String v = e < 0 ? "" : part.substring(e + 1);
                    try {
                        m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException bad) {
                        m.putIfAbsent(k, v);
                    }
                }
            }
            params = Collections.unmodifiableMap(m);
        }
        return params;
    }

    public String param(String name) { return params().get(name); }

    /** Cookie value from the Cookie header, or null. */
    public String cookie(String name) {
        String c = header("cookie");
        if (c == null) return null;
        for (String part : c.split(";")) {
            String p = part.trim();
            int e = p.indexOf('=');
            if (e > 0 && p.substring(0, e).trim().equals(name)) return p.substring(e + 1).trim();
        }
        return null;
    }
}
