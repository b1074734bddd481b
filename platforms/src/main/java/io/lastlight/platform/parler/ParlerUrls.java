package io.lastlight.platform.parler;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds and reads the Parler API URLs of platforms.md. Pure functions over strings. */
final class ParlerUrls {
    static final String PROFILE = "/v1/profile";
    static final String CREATOR_POSTS = "/v1/post/creator";
    static final String FOLLOWERS = "/v1/follow/followers";
    static final String FOLLOWING = "/v1/follow/following";
    static final String POST = "/v1/post";
    static final String COMMENTS = "/v1/comment";
    static final String USER_COMMENTS = "/v1/comment/creator";
    static final String ID_PROBE = "/v3/uuidConversion/";
    static final String UUID_POST = ID_PROBE + "post/";
    static final String WEB_PROFILE = "/profile/";
    static final String WEB_POST = "/post/";

    private ParlerUrls() {}

    static URI profileByUsername(URI base, String username) {
        return build(base, PROFILE, "username", username, null, null);
    }

    static URI list(URI base, String path, String userId, String startKey) {
        return build(base, path, "id", userId, "startkey", startKey);
    }

    static URI post(URI base, String postId) {
        return build(base, POST, "id", postId, null, null);
    }

    static URI comments(URI base, String postId, String startKey) {
        StringBuilder sb = new StringBuilder(stripSlash(base.toString())).append(COMMENTS).append("?id=").append(enc(postId))
                .append("&reverse=true");
        if (startKey != null) sb.append("&startkey=").append(enc(startKey));
        return URI.create(sb.toString());
    }

    static URI userComments(URI base, String userId, String startKey) {
        return build(base, USER_COMMENTS, "id", userId, "startkey", startKey);
    }

    static URI idProbe(URI base, String idKind, long n) {
        return URI.create(stripSlash(base.toString()) + ID_PROBE + idKind + "/" + n);
    }

    static URI uuidPost(URI base, long n) {
        return URI.create(stripSlash(base.toString()) + UUID_POST + n);
    }

    static URI webProfile(URI base, String username, int page) {
        return URI.create(stripSlash(base.toString()) + WEB_PROFILE + enc(username) + (page > 1 ? "?page=" + page : ""));
    }

    static URI webPost(URI base, String postId) {
        return URI.create(stripSlash(base.toString()) + WEB_POST + enc(postId));
    }

    private static URI build(URI base, String path, String k1, String v1, String k2, String v2) {
        StringBuilder sb = new StringBuilder(stripSlash(base.toString())).append(path).append('?')
                .append(k1).append('=').append(enc(v1));
        if (path.equals(CREATOR_POSTS) || path.equals(FOLLOWERS) || path.equals(FOLLOWING)) sb.append("&limit=10");
        if (k2 != null && v2 != null) sb.append('&').append(k2).append('=').append(enc(v2));
        return URI.create(sb.toString());
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) return out;
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            out.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
