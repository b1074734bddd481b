package io.lastlight.platform.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.json.LenientJson;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.PlatformStat;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_CONTEXT;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_DESCENDANTS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_NODEINFO;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_FOLLOWERS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_FOLLOWING;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_INSTANCE;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_POST;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_POSTS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_PROFILE;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_TIMELINE;

/**
 * Captured Mastodon API responses → observation rows. Never throws on bad input: a block page, a 404
 * ({@code {"error":"Record not found"}}), a truncated or malformed body, or a body of the wrong shape is
 * reported in the extraction status. Within one response each account and status is observed once (a
 * statuses page repeats its owner 40 times; a status can be reblogged twice on one page).
 */
final class MastodonExtractor {
    /** {@code platform_stats} metrics in words: which software answered, and the versions it gave. */
    static final String SOFTWARE = "software";
    static final String SOFTWARE_VERSION = "software_version";
    static final String NODEINFO_VERSION = "nodeinfo_software_version";
    private static final ObjectMapper JSON = new ObjectMapper();

    Extraction extract(Capture capture) {
        if (BlockPages.isBlockPage(capture)) {
            return Extraction.failed(Extraction.BLOCKED, BlockPages.describe(capture));
        }
        MastodonUrls.Route route = MastodonUrls.route(capture.uri());
        if (capture.status() != 200) {
            // The capture alone cannot say whether a token was sent: a list or thread refused this way is read as
            // the policy towards anonymous clients (a crawl with a token is not answered so).
            String policy = MastodonPolicy.refusal(capture, false);
            if (policy != null) return Extraction.failed(Extraction.POLICY, "HTTP " + capture.status() + ": " + policy);
            return Extraction.failed(Extraction.NOT_CONTENT, "HTTP " + capture.status() + errorMessage(capture));
        }
        if (capture.truncated()) {
            return Extraction.failed(Extraction.ERROR, "body truncated at " + capture.body().length + " bytes");
        }
        if (capture.body().length == 0) {
            return Extraction.failed(Extraction.EMPTY, "empty body");
        }
        switch (route.kind()) {
            case KIND_PROFILE: case KIND_POSTS: case KIND_TIMELINE: case KIND_POST: case KIND_CONTEXT:
            case KIND_FOLLOWERS: case KIND_FOLLOWING: case KIND_INSTANCE: case KIND_DESCENDANTS: case KIND_NODEINFO:
                break;
            default:
                return byShape(capture);
        }
        LenientJson.Parsed<JsonNode> parsed;
        try {
            parsed = MastodonBodies.read(capture);
        } catch (JsonProcessingException e) {
            return Extraction.failed(Extraction.ERROR, "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()));
        } catch (IOException e) {
            return Extraction.failed(Extraction.ERROR, "unreadable body: " + e.getMessage());
        }
        return fromTree(capture, route, parsed.value()).recordNote(parsed.note());
    }

    /** The rows of a routed endpoint's tree (null: an empty body). */
    private static Extraction fromTree(Capture capture, MastodonUrls.Route route, JsonNode root) {
        if (root == null || root.isMissingNode()) return Extraction.failed(Extraction.EMPTY, "empty body");
        if (root.isObject() && root.has("error") && !root.has("id")) {
            return Extraction.failed(Extraction.ERROR, "API error with HTTP 200: " + MastodonJson.text(root, "error"));
        }
        Rows rows = new Rows();
        switch (route.kind()) {
            case KIND_PROFILE: {
                if (!root.isObject()) return wrongShape("an account object", root);
                ProfileObservation p = MastodonJson.profile(root, ProfileObservation.SOURCE_PROFILE);
                if (p == null) return Extraction.failed(Extraction.ERROR, "account without id");
                rows.profile(p);
                break;
            }
            case KIND_POSTS:
            case KIND_TIMELINE:
            case KIND_DESCENDANTS:
                if (!root.isArray()) return wrongShape("an array of statuses", root);
                for (JsonNode s : root) rows.status(s);
                break;
            case KIND_POST:
                if (!root.isObject()) return wrongShape("a status object", root);
                if (MastodonJson.id(root.get("id")) == null) return Extraction.failed(Extraction.ERROR, "status without id");
                rows.status(root);
                break;
            case KIND_CONTEXT:
                if (!root.isObject() || !(root.path("ancestors").isArray() || root.path("descendants").isArray())) {
                    return wrongShape("a context object (ancestors, descendants)", root);
                }
                for (JsonNode s : root.path("ancestors")) rows.status(s);
                for (JsonNode s : root.path("descendants")) rows.status(s);
                break;
            case KIND_FOLLOWERS:
            case KIND_FOLLOWING: {
                if (!root.isArray()) return wrongShape("an array of accounts", root);
                String owner = MastodonUrls.route(capture.uri()).subject();
                boolean followers = route.kind().equals(KIND_FOLLOWERS);
                for (JsonNode a : root) {
                    ProfileObservation p = rows.embedded(a);
                    if (p == null || owner == null) continue;
                    rows.edge(followers
                            ? new FollowEdge(MastodonJson.PLATFORM, p.userId(), owner, KIND_FOLLOWERS)
                            : new FollowEdge(MastodonJson.PLATFORM, owner, p.userId(), KIND_FOLLOWING));
                }
                break;
            }
            case KIND_INSTANCE: {
                // The server's own figures: what it claims, kept beside what the capture shows.
                if (!root.isObject()) return wrongShape("an instance object", root);
                Extraction out = rows.toExtraction();
                JsonNode stats = root.path("stats");
                for (String metric : new String[] {"user_count", "status_count", "domain_count"}) {
                    JsonNode v = stats.get(metric);
                    if (v != null && v.canConvertToLong()) out.add(new PlatformStat(MastodonJson.PLATFORM, metric, v.asLong()));
                }
                String version = MastodonJson.text(root, "version");
                if (version != null && !version.isBlank() && version.length() <= 200) {
                    out.add(PlatformStat.text(MastodonJson.PLATFORM, SOFTWARE_VERSION, version.trim()));
                    MastodonDialect told = MastodonDialect.fromInstanceVersion(version);
                    if (told != null) out.add(PlatformStat.text(MastodonJson.PLATFORM, SOFTWARE, told.id));
                }
                return out;
            }
            case KIND_NODEINFO: {
                if (!root.isObject()) return wrongShape("a nodeinfo object", root);
                if (MastodonUrls.NODEINFO_INDEX.equals(route.subject())) {
                    return Extraction.failed(Extraction.NOT_CONTENT, "nodeinfo index (links to the server's self-description)");
                }
                JsonNode software = root.path("software");
                String name = MastodonDialect.softwareName(MastodonJson.text(software, "name"));
                if (name == null) return Extraction.failed(Extraction.ERROR, "nodeinfo without software.name");
                Extraction out = new Extraction();
                out.add(PlatformStat.text(MastodonJson.PLATFORM, SOFTWARE, name));
                String v = MastodonJson.text(software, "version");
                if (v != null && !v.isBlank() && v.length() <= 200) {
                    out.add(PlatformStat.text(MastodonJson.PLATFORM, NODEINFO_VERSION, v.trim()));
                }
                return out;
            }
            default:
                break;
        }
        return rows.toExtraction();
    }

    /**
     * An endpoint not routed by path: its statuses and accounts if it is an API path answered with JSON that holds
     * some ({@link MastodonShapes}), else not content (as every such capture was before), whatever its JSON.
     */
    private static Extraction byShape(Capture capture) {
        String unknown = "not a known Mastodon API endpoint";
        if (!apiJson(capture)) return Extraction.failed(Extraction.NOT_CONTENT, unknown);
        LenientJson.Parsed<JsonNode> parsed;
        try {
            parsed = MastodonBodies.read(capture);
        } catch (IOException e) {
            return Extraction.failed(Extraction.NOT_CONTENT, unknown + ", and its JSON is unreadable");
        }
        JsonNode root = parsed.value();
        if (root == null || !MastodonShapes.readable(root)) {
            return Extraction.failed(Extraction.NOT_CONTENT, unknown + ", and no statuses or accounts in its JSON")
                    .recordNote(parsed.note());
        }
        Rows rows = new Rows();
        MastodonShapes.read(root, rows);
        return rows.toExtraction().note("endpoint " + capture.uri().getRawPath() + " read by the shape of its JSON")
                .recordNote(parsed.note());
    }

    /**
     * An API path ({@code /api/v…}) answered with JSON that is not one of the routed endpoints: worth reading by its
     * shape ({@link MastodonShapes}). A JSON media type, or a body that starts like JSON when none is given.
     */
    private static boolean apiJson(Capture capture) {
        String path = capture.uri().getRawPath();
        if (path == null || !path.contains("/api/v")) return false;
        String type = capture.contentType();
        if (!type.isEmpty()) return type.contains("json");
        for (byte b : capture.body()) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            return b == '[' || b == '{';
        }
        return false;
    }

    private static Extraction wrongShape(String expected, JsonNode root) {
        String got = root.isArray() ? "an array" : root.isObject() ? "an object" : "a " + root.getNodeType().name().toLowerCase();
        return Extraction.failed(Extraction.ERROR, "expected " + expected + ", got " + got);
    }

    /** {@code : Record not found} from a Mastodon error body, or empty. */
    private static String errorMessage(Capture capture) {
        if (capture.body().length == 0 || capture.body().length > 4096) return "";
        try {
            JsonNode n = MastodonBodies.tree(capture);
            String e = n != null && n.isObject() ? MastodonJson.text(n, "error") : null;
            return e == null || e.isBlank() ? "" : ": " + e;
        } catch (IOException e) {
            return "";
        }
    }

    /** Observations of one capture, each account and status once, in order of first appearance. */
    private static final class Rows implements MastodonShapes.Sink {
        private final Map<String, ProfileObservation> profiles = new LinkedHashMap<>();
        private final Map<String, PostObservation> posts = new LinkedHashMap<>();
        private final Map<String, FollowEdge> edges = new LinkedHashMap<>();

        void profile(ProfileObservation p) {
            profiles.put(p.userId(), p);
        }

        ProfileObservation embedded(JsonNode a) {
            ProfileObservation p = MastodonJson.profile(a, ProfileObservation.SOURCE_EMBEDDED);
            if (p == null) return null;
            ProfileObservation prev = profiles.get(p.userId());
            // A mention carries only id/acct/url: a full account object seen in the same response wins (its counts
            // may be null: Pleroma's hidden ones).
            if (prev == null || (!full(prev) && full(p))) profiles.put(p.userId(), p);
            return p;
        }

        private static boolean full(ProfileObservation p) {
            return p.joinedAt() != null || p.followers() != null || p.following() != null || p.posts() != null;
        }

        @Override
        public void account(JsonNode a) {
            embedded(a);
        }

        @Override
        public void status(JsonNode s) {
            if (s == null || !s.isObject()) return;
            PostObservation p = MastodonJson.post(s);
            if (p == null) return;
            posts.putIfAbsent(p.postId(), p);
            embedded(s.get("account"));
            for (JsonNode m : s.path("mentions")) embedded(m);
            JsonNode reblog = s.get("reblog");
            if (reblog != null && reblog.isObject()) status(reblog);
            status(MastodonJson.quotedStatus(s));
        }

        void edge(FollowEdge e) {
            edges.putIfAbsent(e.followerId() + "\u0000" + e.followeeId(), e);
        }

        Extraction toExtraction() {
            Extraction x = new Extraction();
            posts.values().forEach(x::add);
            profiles.values().forEach(x::add);
            edges.values().forEach(x::add);
            return x;
        }
    }
}
