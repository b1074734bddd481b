package io.lastlight.platform.mastodon;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds and reads the Mastodon REST API URLs of platforms.md §2. Pure functions over strings: ids stay
 * strings from the response to the URL and are never parsed as numbers.
 */
final class MastodonUrls {
    static final String ACCOUNTS = "/api/v1/accounts/";
    static final int STATUSES_LIMIT = 40;
    static final int FOLLOWS_LIMIT = 80;

    /**
     * Ids we put into a URL path: Mastodon's decimal snowflakes, Pleroma/Akkoma's alphanumeric flake ids.
     * Anything else in a response is not trusted into a path.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** {@code /api/v1/accounts/<name>} endpoints that are not an account id. */
    private static final java.util.Set<String> NOT_ACCOUNT_IDS = java.util.Set.of("search", "relationships",
            "verify_credentials", "update_credentials", "familiar_followers", "featured_tags");

    private MastodonUrls() {}

    /** What a URL fetches: a kind and the account id, status id or acct it names (null if none). */
    record Route(String kind, String subject) {}

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static Route route(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.equals("/robots.txt")) return new Route(MastodonPlatform.KIND_ROBOTS, null);
        if (path.endsWith("/.well-known/nodeinfo")) return new Route(MastodonPlatform.KIND_NODEINFO, NODEINFO_INDEX);
        if (path.matches(".*/nodeinfo/\\d+\\.\\d+(\\.json)?")) return new Route(MastodonPlatform.KIND_NODEINFO, NODEINFO_DOC);
        int api = path.indexOf("/api/v");
        if (api < 0) return new Route(MastodonPlatform.KIND_OTHER, null);
        String rest = path.substring(api + "/api/".length()); // v1/accounts/… or v2/instance
        String[] s = rest.split("/", -1);
        if (s.length < 2) return new Route(MastodonPlatform.KIND_OTHER, null);
        String version = s[0];
        if (s.length == 2 && s[1].equals("instance") && (version.equals("v1") || version.equals("v2"))) {
            return new Route(MastodonPlatform.KIND_INSTANCE, null);
        }
        if (!version.equals("v1")) return new Route(MastodonPlatform.KIND_OTHER, null);
        switch (s[1]) {
            case "accounts":
                if (s.length == 3 && s[2].equals("lookup")) {
                    return new Route(MastodonPlatform.KIND_PROFILE, query(uri).get("acct"));
                }
                if (s.length >= 3 && NOT_ACCOUNT_IDS.contains(s[2])) break;
                if (s.length == 3 && !s[2].isEmpty()) return new Route(MastodonPlatform.KIND_PROFILE, decode(s[2]));
                if (s.length == 4 && !s[2].isEmpty()) {
                    switch (s[3]) {
                        case "statuses": return new Route(MastodonPlatform.KIND_POSTS, decode(s[2]));
                        case "followers": return new Route(MastodonPlatform.KIND_FOLLOWERS, decode(s[2]));
                        case "following": return new Route(MastodonPlatform.KIND_FOLLOWING, decode(s[2]));
                        default: break;
                    }
                }
                break;
            case "account_by_username":
                if (s.length == 3 && !s[2].isEmpty()) return new Route(MastodonPlatform.KIND_PROFILE, decode(s[2]));
                break;
            case "statuses":
                if (s.length == 3 && !s[2].isEmpty()) return new Route(MastodonPlatform.KIND_POST, decode(s[2]));
                if (s.length == 4 && s[3].equals("context")) return new Route(MastodonPlatform.KIND_CONTEXT, decode(s[2]));
                if (s.length == 5 && s[3].equals("context") && s[4].equals("descendants")) {
                    return new Route(MastodonPlatform.KIND_DESCENDANTS, decode(s[2]));
                }
                break;
            case "timelines":
                if (s.length >= 3) return new Route(MastodonPlatform.KIND_TIMELINE, s.length == 3 ? s[2] : decode(s[3]));
                break;
            default:
                break;
        }
        return new Route(MastodonPlatform.KIND_OTHER, null);
    }

    /** {@link Route#subject()} of the two nodeinfo kinds: the {@code /.well-known} index and the document it names. */
    static final String NODEINFO_INDEX = "index";
    static final String NODEINFO_DOC = "document";

    static URI nodeinfoIndex(URI base) {
        return URI.create(origin(base) + "/.well-known/nodeinfo");
    }

    /** Gab's lookup by name (Gab has no {@code /api/v1/accounts/lookup}). */
    static URI gabLookup(URI base, String username) {
        return URI.create(root(base) + "/api/v1/account_by_username/" + enc(username));
    }

    /** Truth Social's replies of a status, oldest first, Link-paged. */
    static URI descendants(URI base, String statusId) {
        return URI.create(root(base) + "/api/v1/statuses/" + statusId + "/context/descendants?sort=oldest");
    }

    /** Scheme, host and port of the base: {@code /.well-known} lives at the server's root, not under an API prefix. */
    static String origin(URI base) {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    static URI lookup(URI base, String acct) {
        return URI.create(root(base) + "/api/v1/accounts/lookup?acct=" + enc(acct));
    }

    static URI account(URI base, String id) {
        return URI.create(root(base) + ACCOUNTS + id);
    }

    static URI statuses(URI base, String accountId) {
        return URI.create(root(base) + ACCOUNTS + accountId + "/statuses?limit=" + STATUSES_LIMIT);
    }

    static URI follows(URI base, String accountId, boolean followers) {
        return URI.create(root(base) + ACCOUNTS + accountId + (followers ? "/followers" : "/following")
                + "?limit=" + FOLLOWS_LIMIT);
    }

    static URI status(URI base, String statusId) {
        return URI.create(root(base) + "/api/v1/statuses/" + statusId);
    }

    static URI context(URI base, String statusId) {
        return URI.create(root(base) + "/api/v1/statuses/" + statusId + "/context");
    }

    static URI publicTimeline(URI base) {
        return URI.create(root(base) + "/api/v1/timelines/public?limit=" + STATUSES_LIMIT);
    }

    static URI instance(URI base) {
        return URI.create(root(base) + "/api/v1/instance");
    }

    /**
     * The next page of {@code page}: same scheme, host and path (so paging never leaves the crawl's scope),
     * with the query a {@code Link} header gave.
     */
    static URI withQuery(URI page, String rawQuery) {
        StringBuilder sb = new StringBuilder().append(page.getScheme()).append("://").append(page.getRawAuthority())
                .append(page.getRawPath() == null ? "" : page.getRawPath());
        if (rawQuery != null && !rawQuery.isEmpty()) sb.append('?').append(rawQuery);
        return URI.create(sb.toString());
    }

    /** A page's cursor as a stable key part: its query parameters, sorted, without {@code limit}. */
    static String cursor(URI uri) {
        Map<String, String> sorted = new TreeMap<>(query(uri));
        sorted.remove("limit");
        StringJoiner j = new StringJoiner("&");
        sorted.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    private static String root(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) return out;
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            out.put(decode(part.substring(0, eq)), decode(part.substring(eq + 1)));
        }
        return out;
    }
}
