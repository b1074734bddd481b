package io.lastlight.importer;

import io.lastlight.core.UserException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The URL a saved page stood at, from its file name: a pattern with {@code {name}} (the file name without an
 * .html/.htm/.xhtml/.json/.txt extension), {@code {file}} (the whole file name) or {@code {path}} (the path
 * below the import folder without that extension, '/'-separated). Substituted parts are percent-encoded
 * (except '/' in {@code {path}}). Pure.
 */
final class SavedPageUrls {
    static final String DEFAULT_PATTERN = "https://parler.com/post/{name}";
    private static final String[] EXTENSIONS = {".html", ".htm", ".xhtml", ".json", ".txt"};

    private final String pattern;

    SavedPageUrls(String pattern) {
        if (!pattern.contains("{name}") && !pattern.contains("{file}") && !pattern.contains("{path}")) {
            throw new IllegalArgumentException("--url-pattern must contain {name}, {file} or {path} (got '" + pattern + "')");
        }
        URI probe = parse(pattern.replace("{name}", "x").replace("{file}", "x").replace("{path}", "x"));
        if (probe == null || !probe.isAbsolute() || probe.getHost() == null
                || !(probe.getScheme().equalsIgnoreCase("http") || probe.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("--url-pattern must give an absolute http(s) URL, e.g. "
                    + DEFAULT_PATTERN + " (got '" + pattern + "')");
        }
        this.pattern = pattern;
    }

    String pattern() {
        return pattern;
    }

    /** The URL for a file at {@code relative} ('/'-separated) below the import folder. */
    URI url(String relative) {
        String file = relative.substring(relative.lastIndexOf('/') + 1);
        String name = stripExtension(file);
        if (name.isEmpty()) throw new UserException("file name '" + file + "' gives an empty {name}");
        String path = stripExtension(relative);
        String u = pattern.replace("{name}", encode(name, false)).replace("{file}", encode(file, false))
                .replace("{path}", encode(path, true));
        URI uri = parse(u);
        if (uri == null) throw new UserException("file name '" + file + "' gives no valid URL: " + u);
        return uri;
    }

    static String stripExtension(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
            if (lower.endsWith(ext)) return file.substring(0, file.length() - ext.length());
        }
        return file;
    }

    private static URI parse(String s) {
        try {
            return new URI(s);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Percent-encoding of everything but RFC 3986 unreserved characters (and '/' where kept). */
    static String encode(String s, boolean keepSlash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~' || keepSlash && c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }
}
