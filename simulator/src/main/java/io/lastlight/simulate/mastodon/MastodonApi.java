package io.lastlight.simulate.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.html.Html;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.Comment;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Mastodon-compatible face ({@code /api/v1/...}) over the same world, as Gab and Truth Social show it.
 *
 * <p>Ids are decimal strings. Accounts numbered ≤ 1000 keep their small number as id; later ones are
 * {@value #ACCOUNT_BASE} + number (above 2^53, so a client that parses ids as doubles breaks). Posts are
 * {@value #POST_BASE} + post number, comments (replies) {@value #COMMENT_BASE} + comment number. Within an
 * account, status ids grow with time; across accounts they do not (the public timeline is ordered by id).
 */
public final class MastodonApi {
    public static final long ACCOUNT_BASE = 105_000_000_000_000_000L;
    public static final long POST_BASE = 106_000_000_000_000_000L;
    public static final long COMMENT_BASE = 107_000_000_000_000_000L;
    private static final int CURSOR_KIND = 9;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MastodonApi() {}

    public static Response route(Request req, Ctx ctx) {
        String p = req.path();
        if (!p.startsWith("/api/")) return null;
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) return error(405, "Method not allowed");
        String[] s = p.substring(1).split("/");
        // s[0]=api s[1]=v1 ...
        if (s.length < 3 || !s[1].equals("v1")) return notFound();
        World w = ctx.world();
        switch (s[2]) {
            case "instance":
                return s.length == 3 ? instance(ctx) : notFound();
            case "account_by_username":
                if (s.length != 4) return notFound();
                return accountByName(ctx, s[3]);
            case "timelines":
                return s.length == 4 && s[3].equals("public") ? publicTimeline(req, ctx) : notFound();
            case "statuses": {
                if (s.length < 4) return notFound();
                if (s.length == 4) return status(ctx, s[3]);
                if (s.length == 5 && s[4].equals("context")) return context(ctx, s[3]);
                return notFound();
            }
            case "accounts": {
                if (s.length < 4) return notFound();
                if (s[3].equals("lookup") && s.length == 4) {
                    String acct = req.param("acct");
                    if (acct == null || acct.isEmpty()) return error(400, "acct is required");
                    int at = acct.indexOf('@', 1);
                    String name = acct.startsWith("@") ? acct.substring(1) : acct;
                    if (at > 0) name = acct.substring(acct.startsWith("@") ? 1 : 0, at);
                    return accountByName(ctx, name);
                }
                int u = accountIndex(w, s[3]);
                if (u < 0) return notFound();
                if (s.length == 4) return json(200, account(ctx, w.user(u)));
                if (s.length == 5 && s[4].equals("statuses")) return accountStatuses(req, ctx, u);
                if (s.length == 5 && (s[4].equals("followers") || s[4].equals("following"))) return follows(req, ctx, u, s[4].equals("followers"));
                return notFound();
            }
            default:
                return notFound();
        }
    }

    private static Response notFound() {
        return error(404, "Record not found");
    }

    private static Response error(int status, String message) {
        ObjectNode o = F.objectNode();
        o.put("error", message);
        return json(status, o);
    }

    private static Response json(int status, Object node) {
        try {
            return Response.json(status, MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- ids

    public static String accountId(World w, int index) {
        long n = w.userNumber(index);
        return Long.toString(n <= 1000 ? n : ACCOUNT_BASE + n);
    }

    static int accountIndex(World w, String id) {
        long v = parseId(id);
        if (v < 0) return -1;
        long n;
        if (v <= 1000) n = v;
        else if (v > ACCOUNT_BASE && v < POST_BASE) n = v - ACCOUNT_BASE;
        else return -1;
        return w.userIndexOfNumber(n);
    }

    /** The post index of a status id (not a reply's), or -1. */
    static long postIndex(World w, String id) {
        long v = parseId(id);
        if (v <= POST_BASE || v >= COMMENT_BASE) return -1;
        return w.postIndexOfNumber(v - POST_BASE);
    }

    public static String statusId(World w, long post) {
        return Long.toString(POST_BASE + w.postNumber(post));
    }

    static String replyId(Comment c) {
        return Long.toString(COMMENT_BASE + c.number());
    }

    private static long parseId(String s) {
        if (s == null || s.isEmpty() || s.length() > 19) return -1;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return -1;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- entities

    static ObjectNode account(Ctx ctx, User u) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        o.put("id", accountId(w, u.index()));
        o.put("username", u.username());
        o.put("acct", u.username());
        o.put("display_name", u.name());
        o.put("locked", false);
        o.put("bot", false);
        o.put("discoverable", true);
        o.put("group", false);
        o.put("created_at", u.joined().truncatedTo(ChronoUnit.DAYS).toString().replace("T00:00:00Z", "T00:00:00.000Z"));
        o.put("note", u.bio().isEmpty() ? "" : "<p>" + Html.linkify(u.bio(), ctx.base()) + "</p>");
        o.put("url", ctx.base() + "/profile/" + u.username());
        o.put("avatar", ctx.base() + "/media/u/" + u.id() + "/avatar.jpg");
        o.put("avatar_static", ctx.base() + "/media/u/" + u.id() + "/avatar.jpg");
        o.put("header", ctx.base() + "/media/u/" + u.id() + "/cover.png");
        o.put("header_static", ctx.base() + "/media/u/" + u.id() + "/cover.png");
        o.put("followers_count", u.followersDisplayed());
        o.put("following_count", u.following());
        o.put("statuses_count", u.posts());
        Instant last = null;
        if (u.posts() > 0) last = w.postTime(w.firstPostOf(u.index()) + u.posts() - 1);
        if (last != null) o.put("last_status_at", last.atZone(ZoneOffset.UTC).toLocalDate().toString()); else o.putNull("last_status_at");
        o.put("verified", u.verified());
        o.putArray("emojis");
        o.putArray("fields");
        if (u.bannedAt(ctx.now())) o.put("suspended", true);
        return o;
    }

    static ObjectNode status(Ctx ctx, Post p, boolean nested) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        User author = w.user(p.creator());
        String id = statusId(w, p.index());
        o.put("id", id);
        o.put("created_at", p.createdAt().truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\d\\d:\\d\\d:\\d\\d)Z$", "$1.000Z"));
        o.putNull("in_reply_to_id");
        o.putNull("in_reply_to_account_id");
        o.put("sensitive", p.sensitive());
        o.put("spoiler_text", "");
        o.put("visibility", "public");
        o.put("language", "en");
        o.put("uri", ctx.base() + "/users/" + author.username() + "/statuses/" + id);
        o.put("url", ctx.base() + "/post/" + p.id());
        o.put("replies_count", p.comments());
        o.put("reblogs_count", p.reposts());
        o.put("favourites_count", p.upvotes());
        o.put("content", p.body().isEmpty() ? "" : "<p>" + Html.linkify(p.body(), ctx.base()) + "</p>");
        if (p.parent() >= 0 && !nested) o.set("reblog", status(ctx, w.post(p.parent()), true)); else o.putNull("reblog");
        o.set("account", account(ctx, author));
        ArrayNode media = o.putArray("media_attachments");
        for (int i = 0; i < p.mediaCount(); i++) {
            ObjectNode m = media.addObject();
            String url = io.lastlight.simulate.parler.ParlerApi.mediaUrl(ctx, p, i);
            m.put("id", Long.toString(POST_BASE + p.number() * 4 + i));
            m.put("type", "image");
            m.put("url", url);
            m.put("preview_url", url);
            m.putNull("remote_url");
            m.putNull("description");
            ObjectNode meta = m.putObject("meta").putObject("original");
            meta.put("width", 32);
            meta.put("height", 32);
        }
        o.putArray("mentions");
        ArrayNode tags = o.putArray("tags");
        for (String t : p.hashtags()) {
            ObjectNode tg = tags.addObject();
            tg.put("name", t.toLowerCase(Locale.ROOT));
            tg.put("url", ctx.base() + "/tags/" + t.toLowerCase(Locale.ROOT));
        }
        o.putArray("emojis");
        if (p.link() != null) {
            ObjectNode card = o.putObject("card");
            card.put("url", p.link().longUrl());
            card.put("title", p.link().title());
            card.put("description", "");
            card.put("type", "link");
            card.put("provider_name", p.link().siteName());
            card.put("image", ctx.base() + "/media/l/" + p.link().id() + ".jpg");
        } else {
            o.putNull("card");
        }
        o.putNull("poll");
        return o;
    }

    static ObjectNode reply(Ctx ctx, Comment c) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        User author = w.user(c.creator());
        String id = replyId(c);
        o.put("id", id);
        o.put("created_at", c.createdAt().truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\d\\d:\\d\\d:\\d\\d)Z$", "$1.000Z"));
        o.put("in_reply_to_id", statusId(w, c.post()));
        o.put("in_reply_to_account_id", accountId(w, w.creatorOf(c.post())));
        o.put("sensitive", false);
        o.put("spoiler_text", "");
        o.put("visibility", "public");
        o.put("language", "en");
        o.put("uri", ctx.base() + "/users/" + author.username() + "/statuses/" + id);
        o.put("url", ctx.base() + "/post/" + w.postId(c.post()) + "#" + c.id());
        o.put("replies_count", 0);
        o.put("reblogs_count", 0);
        o.put("favourites_count", c.upvotes());
        o.put("content", "<p>" + Html.linkify(c.body(), ctx.base()) + "</p>");
        o.putNull("reblog");
        o.set("account", account(ctx, author));
        o.putArray("media_attachments");
        o.putArray("mentions");
        o.putArray("tags");
        o.putArray("emojis");
        o.putNull("card");
        o.putNull("poll");
        return o;
    }

    // ---------------------------------------------------------------- endpoints

    private static Response instance(Ctx ctx) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        String host = ctx.base().replaceFirst("^https?://", "");
        o.put("uri", host);
        o.put("title", "lastlight simulated platform");
        o.put("short_description", "A simulated social platform for rehearsing archival crawls.");
        o.put("description", "Deterministic world, seed " + w.seed() + ".");
        o.put("email", "admin@" + host.replaceFirst(":\\d+$", ""));
        o.put("version", "3.5.3 (compatible; lastlight-sim)");
        o.put("registrations", false);
        ObjectNode stats = o.putObject("stats");
        stats.put("user_count", w.users());
        stats.put("status_count", w.postCount());
        stats.put("domain_count", 1);
        return json(200, o);
    }

    private static Response accountByName(Ctx ctx, String name) {
        int u = ctx.world().userIndexOfName(name);
        if (u < 0) return notFound();
        return json(200, account(ctx, ctx.world().user(u)));
    }

    private static Response status(Ctx ctx, String idText) {
        World w = ctx.world();
        long v = parseId(idText);
        if (v > POST_BASE && v < COMMENT_BASE) {
            long p = w.postIndexOfNumber(v - POST_BASE);
            if (p < 0 || !w.listed(p, ctx.now())) return notFound();
            return json(200, status(ctx, w.post(p), false));
        }
        if (v > COMMENT_BASE) {
            long c = v - COMMENT_BASE - 1;
            if (c < 0 || c >= w.commentCount()) return notFound();
            return json(200, reply(ctx, w.comment(c)));
        }
        return notFound();
    }

    private static Response context(Ctx ctx, String idText) {
        World w = ctx.world();
        long v = parseId(idText);
        ObjectNode o = F.objectNode();
        ArrayNode anc = o.putArray("ancestors");
        ArrayNode desc = o.putArray("descendants");
        if (v > POST_BASE && v < COMMENT_BASE) {
            long p = w.postIndexOfNumber(v - POST_BASE);
            if (p < 0 || !w.listed(p, ctx.now())) return notFound();
            long first = w.firstCommentOn(p), n = Math.min(w.commentsOnCount(p), 4096);
            for (long i = 0; i < n; i++) desc.add(reply(ctx, w.comment(first + i)));
            return json(200, o);
        }
        if (v > COMMENT_BASE) {
            long c = v - COMMENT_BASE - 1;
            if (c < 0 || c >= w.commentCount()) return notFound();
            long p = w.comment(c).post();
            if (w.listed(p, ctx.now())) anc.add(status(ctx, w.post(p), false));
            return json(200, o);
        }
        return notFound();
    }

    private static int limit(Request req, int def, int max) {
        String l = req.param("limit");
        if (l == null) return def;
        try {
            int v = Integer.parseInt(l.trim());
            return Math.max(1, Math.min(max, v));
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** Post number bound from a status id parameter, or -1 when absent/invalid. */
    private static long number(Request req, String name) {
        long v = parseId(req.param(name));
        if (v < 0) return -1;
        if (v <= POST_BASE) return 0;
        return Math.min(v - POST_BASE, Long.MAX_VALUE / 2);
    }

    /**
     * Pages over post indices [lo, hi) (numbers grow with index), newest first, honouring max_id / since_id /
     * min_id and skipping posts not listed at the world time.
     */
    private static Response postPage(Request req, Ctx ctx, long lo, long hi, String path, java.util.function.LongPredicate keep) {
        World w = ctx.world();
        int limit = limit(req, 20, 40);
        long maxN = number(req, "max_id"), sinceN = number(req, "since_id"), minN = number(req, "min_id");
        long top = hi, bottom = lo;
        if (maxN >= 0) top = Math.min(top, w.postsBelowNumber(maxN));
        if (sinceN >= 0) bottom = Math.max(bottom, w.postsBelowNumber(sinceN + 1));
        List<Long> page = new ArrayList<>();
        boolean more = false;
        if (minN >= 0) {
            long from = Math.max(bottom, w.postsBelowNumber(minN + 1));
            for (long i = from; i < top && page.size() < limit; i++) if (keep.test(i)) page.add(i);
            java.util.Collections.reverse(page);
            if (!page.isEmpty()) more = hasKept(page.get(page.size() - 1) - 1, bottom, keep);
        } else {
            long i = top - 1;
            for (; i >= bottom && page.size() < limit; i--) if (keep.test(i)) page.add(i);
            more = hasKept(i, bottom, keep);
        }
        ArrayNode arr = F.arrayNode();
        for (long p : page) arr.add(status(ctx, w.post(p), false));
        Response r = json(200, arr);
        if (!page.isEmpty()) {
            String lim = req.param("limit") != null ? "limit=" + limit + "&" : "";
            String base = ctx.base() + path + "?" + lim;
            StringBuilder link = new StringBuilder();
            if (more) link.append('<').append(base).append("max_id=").append(statusId(w, page.get(page.size() - 1))).append(">; rel=\"next\", ");
            link.append('<').append(base).append("min_id=").append(statusId(w, page.get(0))).append(">; rel=\"prev\"");
            r.header("Link", link.toString());
        }
        return r;
    }

    private static boolean hasKept(long from, long bottom, java.util.function.LongPredicate keep) {
        for (long i = from; i >= bottom; i--) if (keep.test(i)) return true;
        return false;
    }

    private static Response accountStatuses(Request req, Ctx ctx, int u) {
        World w = ctx.world();
        String path = "/api/v1/accounts/" + accountId(w, u) + "/statuses";
        if (w.banned(u, ctx.now()) || "true".equalsIgnoreCase(req.param("pinned"))) return json(200, F.arrayNode());
        boolean noReblogs = "true".equalsIgnoreCase(req.param("exclude_reblogs"));
        boolean onlyMedia = "true".equalsIgnoreCase(req.param("only_media"));
        long first = w.firstPostOf(u), n = w.postsOf(u);
        return postPage(req, ctx, first, first + n, path, p -> {
            if (!w.listed(p, ctx.now())) return false;
            if (noReblogs && w.isEcho(p)) return false;
            return !onlyMedia || w.post(p).mediaCount() > 0;
        });
    }

    private static Response publicTimeline(Request req, Ctx ctx) {
        World w = ctx.world();
        return postPage(req, ctx, 0, w.postCount(), "/api/v1/timelines/public", p -> w.listed(p, ctx.now()));
    }

    private static Response follows(Request req, Ctx ctx, int u, boolean followers) {
        World w = ctx.world();
        int limit = limit(req, 40, 80);
        long offset = 0;
        String cursor = req.param("max_id");
        if (cursor != null && !cursor.isEmpty()) {
            offset = w.ids().decode(CURSOR_KIND, cursor);
            if (offset < 0) return error(400, "invalid cursor");
        }
        long total;
        int[] items;
        if (w.banned(u, ctx.now())) {
            total = 0;
            items = new int[0];
        } else if (followers) {
            total = w.followersCount(u);
            items = w.followers(u, offset, limit);
        } else {
            int[] all = w.following(u);
            total = all.length;
            int from = (int) Math.min(offset, all.length);
            items = java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + limit));
        }
        ArrayNode arr = F.arrayNode();
        for (int i : items) arr.add(account(ctx, w.user(i)));
        Response r = json(200, arr);
        long end = offset + items.length;
        String path = ctx.base() + "/api/v1/accounts/" + accountId(w, u) + "/" + (followers ? "followers" : "following") + "?"
                + (req.param("limit") != null ? "limit=" + limit + "&" : "");
        StringBuilder link = new StringBuilder();
        if (end < total) link.append('<').append(path).append("max_id=").append(w.ids().encode(CURSOR_KIND, end)).append(">; rel=\"next\"");
        if (offset > 0) {
            if (link.length() > 0) link.append(", ");
            link.append('<').append(path).append("since_id=").append(w.ids().encode(CURSOR_KIND, offset)).append(">; rel=\"prev\"");
        }
        if (link.length() > 0) r.header("Link", link.toString());
        return r;
    }
}
