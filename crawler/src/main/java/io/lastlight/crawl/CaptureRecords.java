package io.lastlight.crawl;

import io.lastlight.fetch.FetchResult;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.warc.CaptureRecord;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a fetch into what goes into WARC: secrets redacted (Authorization, Cookie, Proxy-Authorization
 * values in the request; Set-Cookie values in the response) unless {@code --keep-secrets}, and the
 * metadata record saying how the item was discovered.
 */
final class CaptureRecords {
    static final String REDACTED = "[redacted by lastlight; use --keep-secrets to keep]";

    private CaptureRecords() {}

    static CaptureRecord of(FrontierItem item, FetchResult r, boolean keepSecrets, String parentUrl,
                            CaptureRecord.Revisit revisit) {
        List<Map.Entry<String, String>> sent = new ArrayList<>();
        for (Map.Entry<String, String> h : r.requestHeaders()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            boolean secret = name.equals("authorization") || name.equals("cookie") || name.equals("proxy-authorization");
            sent.add(secret && !keepSecrets ? new AbstractMap.SimpleImmutableEntry<>(h.getKey(), REDACTED) : h);
        }
        List<Map.Entry<String, String>> received = new ArrayList<>();
        for (Map.Entry<String, String> h : r.headers()) {
            boolean secret = h.getKey().equalsIgnoreCase("set-cookie");
            received.add(secret && !keepSecrets ? new AbstractMap.SimpleImmutableEntry<>(h.getKey(), redactCookie(h.getValue())) : h);
        }
        Map<String, List<String>> meta = new LinkedHashMap<>();
        meta.put("lastlight-kind", List.of(item.kind()));
        meta.put("lastlight-key", List.of(item.key()));
        meta.put("lastlight-tier", List.of(Integer.toString(item.tier())));
        meta.put("lastlight-value", List.of(Double.toString(item.value())));
        meta.put("hopsFromSeed", List.of(Integer.toString(item.hop())));
        if (item.parent() != null) meta.put("lastlight-parent-item", List.of(Long.toString(item.parent())));
        if (parentUrl != null) meta.put("via", List.of(parentUrl));
        meta.put("lastlight-attempt", List.of(Integer.toString(item.attempts() + 1)));
        meta.put("fetchTimeMs", List.of(Long.toString(r.elapsedNanos() / 1_000_000)));
        if (revisit != null) meta.put("lastlight-revisit", List.of("identical-payload-digest"));
        return new CaptureRecord(item.uri(), r.date(), "GET", sent, r.status(), r.reason(), received, r.body(),
                r.truncated(), meta, revisit);
    }

    /** Keeps a Set-Cookie's name and attributes, drops its value. */
    static String redactCookie(String setCookie) {
        int eq = setCookie.indexOf('=');
        if (eq < 0) return setCookie;
        int semi = setCookie.indexOf(';', eq);
        return setCookie.substring(0, eq + 1) + "[redacted]" + (semi < 0 ? "" : setCookie.substring(semi));
    }

    static Map<String, List<String>> headerMap(List<Map.Entry<String, String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) out.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
        return out;
    }

    static List<String> all(List<Map.Entry<String, String>> headers, String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) if (h.getKey().equalsIgnoreCase(name)) out.add(h.getValue());
        return out;
    }
}
