package io.lastlight.platform.parler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import io.lastlight.platform.Tombstone;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parler's JSON API (platforms.md §1): profiles, creator posts, followers and following lists with
 * {@code startkey} paging to {@code last}. Discovery follows users found in any list.
 */
public final class ParlerPlatform implements Platform {
    public static final String KIND_PROFILE = "profile";
    public static final String KIND_POSTS = "posts";
    public static final String KIND_FOLLOWERS = "followers";
    public static final String KIND_FOLLOWING = "following";
    public static final String KIND_POST = "post";
    public static final String KIND_MEDIA = "media";

    static final int TIER_PROFILE = 1;
    static final int TIER_POSTS = 2;
    static final int TIER_EDGES = 4;
    static final int TIER_MEDIA = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return ParlerJson.PLATFORM;
    }

    @Override
    public List<CrawlRequest> seeds(URI base, List<String> seedUsers) {
        List<CrawlRequest> out = new ArrayList<>();
        for (String u : seedUsers) out.add(profileRequest(base, u, Double.MAX_VALUE));
        return out;
    }

    private static CrawlRequest profileRequest(URI base, String username, double value) {
        return new CrawlRequest(ParlerUrls.profileByUsername(base, username), KIND_PROFILE,
                "parler:profile:" + username.toLowerCase(Locale.ROOT), TIER_PROFILE, value);
    }

    private static CrawlRequest listRequest(URI base, String path, String kind, String userId, String startKey,
                                            int tier, double value) {
        return new CrawlRequest(ParlerUrls.list(base, path, userId, startKey), kind,
                "parler:" + kind + ":" + userId + ":" + (startKey == null ? "" : startKey), tier, value);
    }

    @Override
    public String kindOf(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.startsWith("/v3/uuidConversion/")) return "id-probe";
        switch (path) {
            case ParlerUrls.PROFILE: return KIND_PROFILE;
            case ParlerUrls.CREATOR_POSTS: return KIND_POSTS;
            case ParlerUrls.FOLLOWERS: return KIND_FOLLOWERS;
            case ParlerUrls.FOLLOWING: return KIND_FOLLOWING;
            case ParlerUrls.POST: return KIND_POST;
            default:
                if (path.startsWith("/media/")) return KIND_MEDIA;
                return path.equals("/robots.txt") ? "robots" : "other";
        }
    }

    @Override
    public List<CrawlRequest> discover(URI base, Capture capture) {
        List<CrawlRequest> out = new ArrayList<>();
        if (capture.status() != 200) return out;
        JsonNode root = parse(capture);
        if (root == null) return out;
        String kind = kindOf(capture.uri());
        Map<String, String> q = ParlerUrls.query(capture.uri());
        switch (kind) {
            case KIND_PROFILE: {
                String id = ParlerJson.text(root, "id");
                if (id == null || Boolean.TRUE.equals(ParlerJson.bool(root, "banned"))) break;
                double followers = valueOf(ParlerJson.count(root, "followers"));
                out.add(listRequest(base, ParlerUrls.CREATOR_POSTS, KIND_POSTS, id, null, TIER_POSTS, followers));
                out.add(listRequest(base, ParlerUrls.FOLLOWERS, KIND_FOLLOWERS, id, null, TIER_EDGES, followers));
                out.add(listRequest(base, ParlerUrls.FOLLOWING, KIND_FOLLOWING, id, null, TIER_EDGES, followers));
                break;
            }
            case KIND_POSTS:
                addUsers(base, root.path("users"), out);
                addMedia(base, root.path("posts"), out);
                nextPage(base, root, ParlerUrls.CREATOR_POSTS, KIND_POSTS, q, TIER_POSTS, out);
                break;
            case KIND_FOLLOWERS:
                addUsers(base, root.path("followers"), out);
                nextPage(base, root, ParlerUrls.FOLLOWERS, KIND_FOLLOWERS, q, TIER_EDGES, out);
                break;
            case KIND_FOLLOWING:
                addUsers(base, root.path("followees"), out);
                nextPage(base, root, ParlerUrls.FOLLOWING, KIND_FOLLOWING, q, TIER_EDGES, out);
                break;
            default:
                break;
        }
        return out;
    }

    private static double valueOf(io.lastlight.platform.Counts c) {
        return c == null ? 0 : c.value();
    }

    private static void addUsers(URI base, JsonNode users, List<CrawlRequest> out) {
        for (JsonNode u : users) {
            String username = ParlerJson.text(u, "username");
            if (username != null && !username.isEmpty()) {
                out.add(profileRequest(base, username, valueOf(ParlerJson.count(u, "followers"))));
            }
        }
    }

    /** Media attachments served under the platform's own base (tier 5: fetched last). */
    private static void addMedia(URI base, JsonNode posts, List<CrawlRequest> out) {
        String prefix = ParlerUrls.stripSlash(base.toString()) + "/";
        for (JsonNode p : posts) {
            for (String url : ParlerJson.strings(p.path("media"))) {
                if (!url.startsWith(prefix)) continue;
                out.add(new CrawlRequest(URI.create(url), KIND_MEDIA, "parler:media:" + url, TIER_MEDIA, 0));
            }
        }
    }

    private static void nextPage(URI base, JsonNode root, String path, String kind, Map<String, String> q, int tier,
                                 List<CrawlRequest> out) {
        if (root.path("last").asBoolean(true)) return;
        String next = ParlerJson.text(root, "next");
        String id = q.get("id");
        if (next == null || next.isEmpty() || id == null || next.equals(q.get("startkey"))) return;
        out.add(listRequest(base, path, kind, id, next, tier, 0));
    }

    @Override
    public Extraction extract(Capture capture) {
        String kind = kindOf(capture.uri());
        if (kind.equals("id-probe")) return Extraction.failed(Extraction.NOT_CONTENT, "id probe (evidence for 'lastlight estimate users')");
        if (BlockPages.isBlockPage(capture)) {
            return Extraction.failed(Extraction.BLOCKED, BlockPages.describe(capture));
        }
        if (capture.status() == 404 || capture.status() == 410) {
            Extraction gone = Extraction.failed(Extraction.NOT_CONTENT, "HTTP " + capture.status());
            Tombstone t = tombstone(kind, capture);
            if (t != null) gone.add(t);
            return gone;
        }
        if (capture.status() != 200) {
            return Extraction.failed(Extraction.NOT_CONTENT, "HTTP " + capture.status());
        }
        if (capture.truncated()) {
            return Extraction.failed(Extraction.ERROR, "body truncated at " + capture.body().length + " bytes");
        }
        if (kind.equals(KIND_MEDIA)) {
            return new Extraction(); // kept in WARC; the media table is derived from captures
        }
        if (capture.body().length == 0) {
            return Extraction.failed(Extraction.EMPTY, "empty body");
        }
        JsonNode root;
        try {
            root = JSON.readTree(capture.body());
        } catch (JsonProcessingException e) {
            return Extraction.failed(Extraction.ERROR, "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()));
        } catch (java.io.IOException e) {
            return Extraction.failed(Extraction.ERROR, "unreadable body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return Extraction.failed(Extraction.ERROR, "expected a JSON object");
        }
        Extraction out = new Extraction();
        switch (kind) {
            case KIND_PROFILE: {
                ProfileObservation p = ParlerJson.profile(root, ProfileObservation.SOURCE_PROFILE);
                if (p == null) return Extraction.failed(Extraction.ERROR, "profile without id");
                out.add(p);
                break;
            }
            case KIND_POSTS:
            case KIND_POST: {
                for (JsonNode p : root.path("posts")) addPost(out, p);
                if (root.has("post")) addPost(out, root.get("post"));
                for (JsonNode u : root.path("users")) addEmbedded(out, u);
                break;
            }
            case KIND_FOLLOWERS:
            case KIND_FOLLOWING: {
                String listOwner = ParlerUrls.query(capture.uri()).get("id");
                boolean followers = kind.equals(KIND_FOLLOWERS);
                for (JsonNode u : root.path(followers ? "followers" : "followees")) {
                    ProfileObservation p = addEmbedded(out, u);
                    if (p != null && listOwner != null) {
                        out.add(followers
                                ? new FollowEdge(ParlerJson.PLATFORM, p.userId(), listOwner, KIND_FOLLOWERS)
                                : new FollowEdge(ParlerJson.PLATFORM, listOwner, p.userId(), KIND_FOLLOWING));
                    }
                }
                break;
            }
            default:
                return Extraction.failed(Extraction.NOT_CONTENT, "not a known Parler endpoint");
        }
        return out;
    }

    /** A lookup of one post or profile that answered 404/410 is evidence the item is gone. */
    private static Tombstone tombstone(String kind, Capture capture) {
        Map<String, String> q = ParlerUrls.query(capture.uri());
        String reason = "http_" + capture.status();
        if (kind.equals(KIND_POST) && q.get("id") != null) {
            return new Tombstone(ParlerJson.PLATFORM, Tombstone.POST, q.get("id"), reason);
        }
        if (kind.equals(KIND_PROFILE)) {
            if (q.get("id") != null) return new Tombstone(ParlerJson.PLATFORM, Tombstone.PROFILE, q.get("id"), reason);
            if (q.get("username") != null) return new Tombstone(ParlerJson.PLATFORM, Tombstone.USERNAME, q.get("username"), reason);
        }
        return null;
    }

    private static void addPost(Extraction out, JsonNode p) {
        PostObservation post = ParlerJson.post(p, false);
        if (post != null) out.add(post);
    }

    private static ProfileObservation addEmbedded(Extraction out, JsonNode u) {
        ProfileObservation p = ParlerJson.profile(u, ProfileObservation.SOURCE_EMBEDDED);
        if (p != null) out.add(p);
        return p;
    }

    private static JsonNode parse(Capture capture) {
        if (capture.truncated() || BlockPages.isBlockPage(capture)) return null;
        try {
            JsonNode n = JSON.readTree(capture.body());
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
