package io.lastlight.warc;

import java.util.List;
import java.util.Map;

/**
 * What the CDXJ line of a response needs from its HTTP head (the status and the first {@code Content-Type}), taken
 * from the parts {@link HttpBytes#responseHead} writes the head from, so the line need not parse the head back.
 * Only for plain heads, where parsing back is sure to give the same: a three-digit status, a printable ASCII reason,
 * token header names and printable ASCII values with no whitespace at either end. Anything else gives null, and
 * the head is parsed back by jwarc as before.
 */
record HeadFacts(int status, String contentType) {
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

    /** The facts of a head written from these parts, or null if it is not plain. */
    static HeadFacts of(int status, String reason, List<Map.Entry<String, String>> headers) {
        if (status < 100 || status > 999 || (reason != null && !printable(reason, true))) return null;
        String contentType = null;
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey(), value = h.getValue();
            if (name == null || value == null || !token(name) || !printable(value, false)) return null;
            if (contentType == null && name.equalsIgnoreCase("Content-Type")) contentType = value;
        }
        return new HeadFacts(status, contentType);
    }

    private static boolean token(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_PUNCTUATION.indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /** Visible ASCII and inner spaces; {@code edges}: spaces allowed at either end too (a reason phrase). */
    private static boolean printable(String s, boolean edges) {
        if (s.isEmpty()) return edges;
        if (!edges && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ')) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) return false;
        }
        return true;
    }
}
