package io.lastlight.platform.mastodon;

import io.lastlight.platform.Capture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP {@code Link} headers (RFC 8288) as Mastodon sends them for paging:
 * {@code <https://host/api/v1/accounts/1/followers?max_id=7>; rel="next", <…?since_id=9>; rel="prev"}.
 * Tolerates several header lines, unquoted and multi-valued {@code rel}, extra parameters and commas
 * inside quoted values or inside the URI brackets.
 */
final class LinkHeader {
    private LinkHeader() {}

    /** Whether the capture carries any {@code Link} header at all. */
    static boolean present(Capture c) {
        for (Map.Entry<String, List<String>> e : c.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase("Link") && !e.getValue().isEmpty()) return true;
        }
        return false;
    }

    /** The target of {@code rel} in any of the capture's {@code Link} headers, or null. */
    static String target(Capture c, String rel) {
        for (Map.Entry<String, List<String>> e : c.headers().entrySet()) {
            if (!e.getKey().equalsIgnoreCase("Link")) continue;
            for (String value : e.getValue()) {
                String t = parse(value).get(rel.toLowerCase(Locale.ROOT));
                if (t != null) return t;
            }
        }
        return null;
    }

    /** rel (lower-cased) → URI reference, first occurrence wins. */
    static Map<String, String> parse(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null) return out;
        int i = 0, n = header.length();
        while (i < n) {
            int lt = header.indexOf('<', i);
            if (lt < 0) break;
            int gt = header.indexOf('>', lt + 1);
            if (gt < 0) break;
            String target = header.substring(lt + 1, gt).trim();
            i = gt + 1;
            String rel = null;
            // parameters up to the next comma that is outside a quoted string
            while (i < n) {
                while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) i++;
                if (i >= n) break;
                char ch = header.charAt(i);
                if (ch == ',') { i++; break; }
                if (ch != ';') { i++; continue; }
                i++;
                int nameStart = i;
                while (i < n && header.charAt(i) != '=' && header.charAt(i) != ';' && header.charAt(i) != ',') i++;
                String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
                String value = "";
                if (i < n && header.charAt(i) == '=') {
                    i++;
                    while (i < n && header.charAt(i) == ' ') i++;
                    if (i < n && header.charAt(i) == '"') {
                        StringBuilder sb = new StringBuilder();
                        i++;
                        while (i < n && header.charAt(i) != '"') {
                            if (header.charAt(i) == '\\' && i + 1 < n) i++;
                            sb.append(header.charAt(i++));
                        }
                        i++; // closing quote
                        value = sb.toString();
                    } else {
                        int vs = i;
                        while (i < n && header.charAt(i) != ';' && header.charAt(i) != ',') i++;
                        value = header.substring(vs, i).trim();
                    }
                }
                if (name.equals("rel") && rel == null) rel = value;
            }
            if (rel != null && !target.isEmpty()) {
                for (String r : rel.trim().split("\\s+")) {
                    if (!r.isEmpty()) out.putIfAbsent(r.toLowerCase(Locale.ROOT), target);
                }
            }
        }
        return out;
    }
}
