package io.lastlight.fetch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the Netscape {@code cookies.txt} format that wget, curl, grab-site and browser exporters write:
 * one cookie per line, seven TAB-separated fields {@code domain, include-subdomains (TRUE/FALSE), path,
 * secure (TRUE/FALSE), expires (epoch seconds, 0 = session), name, value}; {@code #} starts a comment,
 * except the {@code #HttpOnly_} prefix curl puts before the domain of HttpOnly cookies.
 *
 * <p>Hand-written on purpose: neither HttpClient's cookie store, crawler-commons nor any well-kept Java
 * library reads this format, and it is seven fields per line. Errors name the line and what is wrong;
 * cookie values never appear in messages.
 */
public final class NetscapeCookies {
    private NetscapeCookies() {}

    /** Thrown for a malformed file; the message names the line (never the value). */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    public static List<StoredCookie> parse(byte[] file) throws FormatException {
        String text = new String(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<StoredCookie> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\r?\n", -1)) {
            lineNo++;
            String line = raw;
            boolean httpOnly = false;
            if (line.startsWith("#HttpOnly_")) {
                httpOnly = true;
                line = line.substring("#HttpOnly_".length());
            } else if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length == 6) {
                // an empty value at the end of the line, trimmed by some editors
                String[] g = new String[7];
                System.arraycopy(f, 0, g, 0, 6);
                g[6] = "";
                f = g;
            }
            if (f.length != 7) {
                throw new FormatException("line " + lineNo + ": expected 7 TAB-separated fields (domain, subdomains,"
                        + " path, secure, expires, name, value), found " + f.length);
            }
            String domain = f[0].trim().toLowerCase(Locale.ROOT);
            if (domain.isEmpty()) throw new FormatException("line " + lineNo + ": empty domain");
            boolean sub = bool(f[1], "include-subdomains", lineNo);
            String path = f[2].trim().isEmpty() ? "/" : f[2].trim();
            boolean secure = bool(f[3], "secure", lineNo);
            long expires;
            try {
                expires = Long.parseLong(f[4].trim());
            } catch (NumberFormatException e) {
                throw new FormatException("line " + lineNo + ": expires must be epoch seconds (0 for a session cookie)");
            }
            String name = f[5].trim();
            if (name.isEmpty()) throw new FormatException("line " + lineNo + ": empty cookie name");
            if (domain.startsWith(".")) {
                domain = domain.substring(1);
                sub = true;
            }
            out.add(new StoredCookie(domain, sub, path, secure, expires, name, f[6], httpOnly));
        }
        return out;
    }

    private static boolean bool(String v, String field, int line) throws FormatException {
        String t = v.trim().toUpperCase(Locale.ROOT);
        if (t.equals("TRUE")) return true;
        if (t.equals("FALSE")) return false;
        throw new FormatException("line " + line + ": " + field + " must be TRUE or FALSE");
    }

    /** One cookie from the file (or set later by a response). */
    public record StoredCookie(String domain, boolean includeSubdomains, String path, boolean secure, long expires,
                               String name, String value, boolean httpOnly) {
        public boolean matches(String host, String requestPath, boolean https, long nowEpochSeconds) {
            if (expires > 0 && expires <= nowEpochSeconds) return false;
            if (secure && !https) return false;
            String h = host.toLowerCase(Locale.ROOT);
            boolean domainOk = h.equals(domain) || (includeSubdomains && h.endsWith("." + domain));
            if (!domainOk) return false;
            String p = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
            return p.startsWith(path) && (p.length() == path.length() || path.endsWith("/") || p.charAt(path.length()) == '/');
        }

        @Override
        public String toString() {
            return "StoredCookie[" + domain + " " + path + " " + name + "=(redacted)]";
        }
    }
}
