package io.lastlight.simulate.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Mastodon face as Gab or Truth Social plays it (platforms.md §2, "Dialects"; docs/simulator.md), over the
 * stock face ({@link MastodonApi}), plus {@code /.well-known/nodeinfo} for every dialect but Truth Social.
 *
 * <ul>
 *   <li><b>gab</b>: {@code /api/v1/account_by_username/<name>} (404 {@code {"error": true}}); no
 *   {@code /api/v1/accounts/lookup}; accounts carry {@code is_pro}, {@code is_verified}, {@code is_donor},
 *   {@code is_investor}, {@code is_flagged_as_spam}; nodeinfo {@code gabsocial}; instance version without a tell.
 *   Without the bearer token: an account's statuses are at most {@value #GAB_WINDOW_POSTS} of the last
 *   {@value #GAB_WINDOW_DAYS} days with no {@code Link}, any {@code max_id}/{@code since_id}/{@code min_id}
 *   answers 429 {@code {"error": true}} with no Retry-After, follower and following lists 401, threads 422.</li>
 *   <li><b>truthsocial</b>: no nodeinfo; instance version {@code 3.4.1 (compatible; TruthSocial 1.0.0)};
 *   statuses without {@code Link} (the client pages by {@code max_id} = the last id); {@code /context} holds
 *   ancestors only and replies come from {@code /context/descendants?sort=oldest}, {@value #DESCENDANTS_PAGE} a
 *   page, Link-paged; Cloudflare's {@code server}, {@code cf-ray} and {@code cf-cache-status} headers.</li>
 * </ul>
 */
public final class MastodonDialects {
    public static final int GAB_WINDOW_POSTS = 8;
    public static final int GAB_WINDOW_DAYS = 30;
    public static final int DESCENDANTS_PAGE = 20;
    static final String TRUTH_VERSION = "3.4.1 (compatible; TruthSocial 1.0.0)";
    static final String GAB_VERSION = "2.8.4";
    private static final int DESCENDANTS_CURSOR = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MastodonDialects() {}

    /** Answers {@code req} as {@code dialect} would; null for paths outside the Mastodon API and nodeinfo. */
    public static Response route(Request req, Ctx ctx, String dialect, String token) {
        String p = req.path();
        boolean gab = "gab".equals(dialect), truth = "truthsocial".equals(dialect);
        if (p.equals("/.well-known/nodeinfo") || p.equals("/nodeinfo/2.0")) {
            if (truth) return cloudflare(error(404, "Record not found"), req);
            return nodeinfo(ctx, p, gab ? "gabsocial" : "mastodon", gab ? GAB_VERSION : "4.2.0");
        }
        if (!p.startsWith("/api/")) return null;
        boolean authed = token != null && ("Bearer " + token).equals(req.header("authorization"));
        String[] s = p.substring(1).split("/");
        Response r;
        if (gab) r = gab(req, ctx, s, authed);
        else if (truth) r = cloudflare(truth(req, ctx, s), req);
        else r = MastodonApi.route(req, ctx);
        return r;
    }

    // ---------------------------------------------------------------- gab

    private static Response gab(Request req, Ctx ctx, String[] s, boolean authed) {
        World w = ctx.world();
        if (s.length == 3 && s[1].equals("v1") && s[2].equals("instance")) return withVersion(MastodonApi.route(req, ctx), GAB_VERSION);
        if (s.length == 4 && s[2].equals("account_by_username")) {
            int u = w.userIndexOfName(s[3]);
            if (u < 0) return errorTrue(404);
            return gabAccounts(MastodonApi.route(req, ctx));
        }
        if (s.length >= 4 && s[2].equals("accounts") && s[3].equals("lookup")) return error(404, "Record not found");
        if (!authed && s.length == 5 && s[2].equals("accounts")) {
            int u = MastodonApi.accountIndex(w, s[3]);
            if (u < 0) return error(404, "Record not found");
            if (s[4].equals("followers") || s[4].equals("following")) {
                return error(401, "This action is outside the authorized scopes");
            }
            if (s[4].equals("statuses")) {
                if (req.param("max_id") != null || req.param("since_id") != null || req.param("min_id") != null) {
                    return errorTrue(429);
                }
                ArrayNode arr = F.arrayNode();
                for (long post : window(w, u, ctx.now())) arr.add(MastodonEntities.status(ctx, w.post(post), false));
                return gabAccounts(json(200, arr));
            }
        }
        if (!authed && s.length == 5 && s[2].equals("statuses") && s[4].equals("context")) {
            return error(422, "This action requires a logged-in user");
        }
        return gabAccounts(MastodonApi.route(req, ctx));
    }

    /**
     * What Gab shows an anonymous client of an account's statuses: the newest {@value #GAB_WINDOW_POSTS} listed
     * statuses of the last {@value #GAB_WINDOW_DAYS} days, newest first (none for a suspended account).
     */
    public static List<Long> window(World w, int u, Instant now) {
        List<Long> out = new ArrayList<>();
        if (w.banned(u, now)) return out;
        Instant from = now.minus(Duration.ofDays(GAB_WINDOW_DAYS));
        long first = w.firstPostOf(u);
        for (long p = first + w.postsOf(u) - 1; p >= first && out.size() < GAB_WINDOW_POSTS; p--) {
            if (w.postTime(p).isBefore(from)) break;
            if (w.listed(p, now)) out.add(p);
        }
        return out;
    }

    /** Gab's account fields on every account object of a response; {@code verified} becomes {@code is_verified}. */
    private static Response gabAccounts(Response r) {
        if (r == null || r.status() != 200) return r;
        try {
            JsonNode root = MAPPER.readTree(r.body());
            gabify(root);
            r.body(MAPPER.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IllegalStateException("the stock face answered unreadable JSON", e);
        }
        return r;
    }

    private static void gabify(JsonNode n) {
        if (n.isArray()) {
            for (JsonNode c : n) gabify(c);
        } else if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            if (o.has("acct") && o.has("followers_count")) {
                int h = Math.floorMod(o.path("id").asText().hashCode(), 1000);
                JsonNode verified = o.remove("verified");
                o.put("is_pro", h % 7 == 0);
                o.put("is_verified", verified != null && verified.asBoolean());
                o.put("is_donor", h % 11 == 0);
                o.put("is_investor", h % 97 == 0);
                o.put("is_flagged_as_spam", false);
            }
            o.fields().forEachRemaining(e -> gabify(e.getValue()));
        }
    }

    // ---------------------------------------------------------------- truth social

    private static Response truth(Request req, Ctx ctx, String[] s) {
        World w = ctx.world();
        if (s.length == 3 && s[1].equals("v1") && s[2].equals("instance")) return withVersion(MastodonApi.route(req, ctx), TRUTH_VERSION);
        if (s.length == 6 && s[2].equals("statuses") && s[4].equals("context") && s[5].equals("descendants")) {
            return descendants(req, ctx, s[3]);
        }
        Response r = MastodonApi.route(req, ctx);
        if (r == null || r.status() != 200) return r;
        if (s.length == 5 && s[2].equals("accounts") && s[4].equals("statuses")) {
            r.headers().removeIf(h -> h[0].equalsIgnoreCase("Link")); // Truth Social pages statuses by max_id only
        } else if (s.length == 5 && s[2].equals("statuses") && s[4].equals("context")) {
            try {
                ObjectNode o = (ObjectNode) MAPPER.readTree(r.body());
                o.putArray("descendants"); // replies come from /context/descendants
                r.body(MAPPER.writeValueAsBytes(o));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return r;
    }

    /** {@code /api/v1/statuses/<id>/context/descendants?sort=oldest}: a post's replies oldest first, Link-paged. */
    private static Response descendants(Request req, Ctx ctx, String idText) {
        World w = ctx.world();
        long p = MastodonApi.postIndex(w, idText);
        if (p < 0 || !w.listed(p, ctx.now())) return error(404, "Record not found");
        long offset = 0;
        String cursor = req.param("max_id");
        if (cursor != null && !cursor.isEmpty()) {
            offset = w.ids().decode(DESCENDANTS_CURSOR, cursor);
            if (offset < 0) return error(400, "invalid cursor");
        }
        long first = w.firstCommentOn(p), total = Math.min(w.commentsOnCount(p), 4096);
        ArrayNode arr = F.arrayNode();
        long i = offset;
        for (; i < total && arr.size() < DESCENDANTS_PAGE; i++) arr.add(MastodonEntities.reply(ctx, w.comment(first + i)));
        Response r = json(200, arr);
        if (i < total) {
            r.header("Link", "<" + ctx.base() + "/api/v1/statuses/" + idText + "/context/descendants?sort=oldest&max_id="
                    + w.ids().encode(DESCENDANTS_CURSOR, i) + ">; rel=\"next\"");
        }
        return r;
    }

    /** Cloudflare in front: its server header, a ray id per response, and a cache status. */
    private static Response cloudflare(Response r, Request req) {
        if (r == null) return null;
        r.header("server", "cloudflare");
        r.header("cf-ray", String.format("%016x-IAD", (long) req.target().hashCode() * 0x9E3779B97F4A7C15L));
        r.header("cf-cache-status", "DYNAMIC");
        return r;
    }

    // ---------------------------------------------------------------- shared

    private static Response nodeinfo(Ctx ctx, String path, String software, String version) {
        ObjectNode o = F.objectNode();
        if (path.equals("/.well-known/nodeinfo")) {
            ObjectNode link = o.putArray("links").addObject();
            link.put("rel", "http://nodeinfo.diaspora.software/ns/schema/2.0");
            link.put("href", ctx.base() + "/nodeinfo/2.0");
            return json(200, o);
        }
        o.put("version", "2.0");
        ObjectNode sw = o.putObject("software");
        sw.put("name", software);
        sw.put("version", version);
        o.putArray("protocols").add("activitypub");
        ObjectNode usage = o.putObject("usage");
        usage.putObject("users").put("total", ctx.world().users());
        usage.put("localPosts", ctx.world().postCount());
        o.put("openRegistrations", false);
        o.putObject("metadata");
        return json(200, o);
    }

    private static Response withVersion(Response r, String version) {
        if (r == null || r.status() != 200) return r;
        try {
            ObjectNode o = (ObjectNode) MAPPER.readTree(r.body());
            o.put("version", version);
            r.body(MAPPER.writeValueAsBytes(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    private static Response errorTrue(int status) {
        return Response.json(status, "{\"error\":true}");
    }

    private static Response error(int status, String message) {
        ObjectNode o = F.objectNode();
        o.put("error", message);
        return json(status, o);
    }

    private static Response json(int status, JsonNode node) {
        try {
            return Response.json(status, MAPPER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
