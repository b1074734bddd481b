package io.lastlight.simulate.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.Comment;
import io.lastlight.simulate.world.World;

/**
 * The Mastodon-compatible face ({@code /api/v1/...}) over the same world, as Gab and Truth Social show it.
 *
 * <p>Ids are decimal strings. Accounts numbered ≤ 1000 keep their small number as id; later ones are
 * {@value #ACCOUNT_BASE} + number (above 2^53, so a client that parses ids as doubles breaks). Posts are
 * {@value #POST_BASE} + post number, comments (replies) {@value #COMMENT_BASE} + comment number. Within an
 * account, status ids grow with time; across accounts they do not (the public timeline is ordered by id).
 *
 * <p>Routing, ids and single items are here; the JSON entities are built by {@link MastodonEntities}, the paged
 * lists (statuses, the public timeline, followers and following) by {@link MastodonLists}.
 */
public final class MastodonApi {
    public static final long ACCOUNT_BASE = 105_000_000_000_000_000L;
    public static final long POST_BASE = 106_000_000_000_000_000L;
    public static final long COMMENT_BASE = 107_000_000_000_000_000L;
    static final int CURSOR_KIND = 9;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

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
                return s.length == 4 && s[3].equals("public") ? MastodonLists.publicTimeline(req, ctx) : notFound();
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
                if (s.length == 4) return json(200, MastodonEntities.account(ctx, w.user(u)));
                if (s.length == 5 && s[4].equals("statuses")) return MastodonLists.accountStatuses(req, ctx, u);
                if (s.length == 5 && (s[4].equals("followers") || s[4].equals("following"))) return MastodonLists.follows(req, ctx, u, s[4].equals("followers"));
                return notFound();
            }
            default:
                return notFound();
        }
    }

    static Response notFound() {
        return error(404, "Record not found");
    }

    static Response error(int status, String message) {
        ObjectNode o = F.objectNode();
        o.put("error", message);
        return json(status, o);
    }

    static Response json(int status, Object node) {
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

    static long parseId(String s) {
        if (s == null || s.isEmpty() || s.length() > 19) return -1;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return -1;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
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
        return json(200, MastodonEntities.account(ctx, ctx.world().user(u)));
    }

    private static Response status(Ctx ctx, String idText) {
        World w = ctx.world();
        long v = parseId(idText);
        if (v > POST_BASE && v < COMMENT_BASE) {
            long p = w.postIndexOfNumber(v - POST_BASE);
            if (p < 0 || !w.listed(p, ctx.now())) return notFound();
            return json(200, MastodonEntities.status(ctx, w.post(p), false));
        }
        if (v > COMMENT_BASE) {
            long c = v - COMMENT_BASE - 1;
            if (c < 0 || c >= w.commentCount()) return notFound();
            return json(200, MastodonEntities.reply(ctx, w.comment(c)));
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
            for (long i = 0; i < n; i++) desc.add(MastodonEntities.reply(ctx, w.comment(first + i)));
            return json(200, o);
        }
        if (v > COMMENT_BASE) {
            long c = v - COMMENT_BASE - 1;
            if (c < 0 || c >= w.commentCount()) return notFound();
            long p = w.comment(c).post();
            if (w.listed(p, ctx.now())) anc.add(MastodonEntities.status(ctx, w.post(p), false));
            return json(200, o);
        }
        return notFound();
    }
}
