package io.lastlight.simulate.mastodon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;

import java.util.ArrayList;
import java.util.List;

import static io.lastlight.simulate.mastodon.MastodonApi.CURSOR_KIND;
import static io.lastlight.simulate.mastodon.MastodonApi.F;
import static io.lastlight.simulate.mastodon.MastodonApi.POST_BASE;
import static io.lastlight.simulate.mastodon.MastodonApi.accountId;
import static io.lastlight.simulate.mastodon.MastodonApi.error;
import static io.lastlight.simulate.mastodon.MastodonApi.json;
import static io.lastlight.simulate.mastodon.MastodonApi.parseId;
import static io.lastlight.simulate.mastodon.MastodonApi.statusId;
import static io.lastlight.simulate.mastodon.MastodonEntities.account;
import static io.lastlight.simulate.mastodon.MastodonEntities.status;

/**
 * The paged lists of {@link MastodonApi}: an account's statuses and the public timeline (by {@code max_id},
 * {@code since_id} and {@code min_id}, with Link headers), followers and following (by an opaque cursor).
 */
final class MastodonLists {
    private MastodonLists() {}

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

    static Response accountStatuses(Request req, Ctx ctx, int u) {
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

    static Response publicTimeline(Request req, Ctx ctx) {
        World w = ctx.world();
        return postPage(req, ctx, 0, w.postCount(), "/api/v1/timelines/public", p -> w.listed(p, ctx.now()));
    }

    static Response follows(Request req, Ctx ctx, int u, boolean followers) {
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
