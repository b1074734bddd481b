package io.lastlight.simulate.parler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.Comment;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.World;

import java.util.ArrayList;
import java.util.List;

import static io.lastlight.simulate.parler.ParlerApi.F;
import static io.lastlight.simulate.parler.ParlerApi.PAGE;
import static io.lastlight.simulate.parler.ParlerApi.error;
import static io.lastlight.simulate.parler.ParlerApi.json;
import static io.lastlight.simulate.parler.ParlerApi.userJson;
import static io.lastlight.simulate.parler.ParlerApi.userParam;
import static io.lastlight.simulate.parler.ParlerEnvelopes.commentEnvelope;
import static io.lastlight.simulate.parler.ParlerEnvelopes.paging;
import static io.lastlight.simulate.parler.ParlerEnvelopes.postEnvelope;

/**
 * The paged lists of {@link ParlerApi}, {@value ParlerApi#PAGE} items a page with {@code startkey} cursors: a creator's
 * posts, a hashtag's posts, followers and following, a post's comments and a user's comments.
 */
final class ParlerLists {
    private ParlerLists() {}

    static Response creator(Request req, Ctx ctx) {
        World w = ctx.world();
        String id = req.param("id");
        if (id == null || id.isEmpty()) return error(400, "id is required");
        int u = w.userIndexOfId(id);
        if (u < 0) return error(404, "user not found");
        String startkey = emptyToNull(req.param("startkey"));
        List<Post> page = new ArrayList<>();
        String next = null;
        if (!w.banned(u, ctx.now())) {
            long first = w.firstPostOf(u), count = w.postsOf(u);
            long pos = first + count - 1; // newest first
            if (startkey != null) {
                long num = Display.keyNumber(startkey);
                long idx = num < 0 ? -1 : w.postIndexOfNumber(num);
                if (idx < first || idx >= first + count) return error(400, "invalid startkey");
                pos = idx;
            }
            for (; pos >= first && page.size() < PAGE; pos--) {
                if (w.listed(pos, ctx.now())) page.add(w.post(pos));
            }
            for (; pos >= first; pos--) {
                if (w.listed(pos, ctx.now())) {
                    next = Display.key(w.postTime(pos), w.postNumber(pos));
                    break;
                }
            }
        }
        ObjectNode o = postEnvelope(ctx, page, "posts");
        paging(o, next == null, next, startkey);
        return json(200, o);
    }

    static Response hashtag(Request req, Ctx ctx) {
        World w = ctx.world();
        String tag = req.param("tag");
        if (tag == null || tag.isEmpty()) return error(400, "tag is required");
        long count = w.tagCount(tag);
        String startkey = emptyToNull(req.param("startkey"));
        long pos = 0;
        if (startkey != null) {
            long num = Display.keyNumber(startkey);
            long idx = num < 0 ? -1 : w.postIndexOfNumber(num);
            pos = idx < 0 ? -1 : w.tagPosition(tag, idx);
            if (pos < 0) return error(400, "invalid startkey");
        }
        List<Post> page = new ArrayList<>();
        String next = null;
        for (; pos < count && page.size() < PAGE; pos++) {
            long p = w.tagPost(tag, pos);
            if (w.listed(p, ctx.now())) page.add(w.post(p));
        }
        for (; pos < count; pos++) {
            long p = w.tagPost(tag, pos);
            if (w.listed(p, ctx.now())) {
                next = Display.key(w.postTime(p), w.postNumber(p));
                break;
            }
        }
        ObjectNode o = postEnvelope(ctx, page, "posts");
        paging(o, next == null, next, startkey);
        return json(200, o);
    }

    static Response follows(Request req, Ctx ctx, boolean followers) {
        World w = ctx.world();
        String id = req.param("id");
        if (id == null || id.isEmpty()) return error(400, "id is required");
        int u = w.userIndexOfId(id);
        if (u < 0) return error(404, "user not found");
        String startkey = emptyToNull(req.param("startkey"));
        long offset = 0;
        if (startkey != null) {
            try {
                offset = Long.parseLong(startkey);
            } catch (NumberFormatException e) {
                return error(400, "invalid startkey");
            }
            if (offset < 0) return error(400, "invalid startkey");
        }
        int[] items;
        long total;
        if (w.banned(u, ctx.now())) {
            items = new int[0];
            total = 0;
        } else if (followers) {
            total = w.followersCount(u);
            items = w.followers(u, offset, PAGE);
        } else {
            int[] all = w.following(u);
            total = all.length;
            int from = (int) Math.min(offset, all.length);
            items = java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + PAGE));
        }
        ObjectNode o = F.objectNode();
        ArrayNode arr = o.putArray(followers ? "followers" : "followees");
        for (int i : items) arr.add(userJson(ctx, w.user(i)));
        long end = offset + items.length;
        String next = end < total ? Long.toString(end) : null;
        paging(o, next == null, next, startkey);
        return json(200, o);
    }

    static Response commentsOnPost(Request req, Ctx ctx) {
        World w = ctx.world();
        String id = req.param("id");
        if (id == null || id.isEmpty()) return error(400, "id is required");
        long p = w.postIndexOfId(id);
        if (p < 0) return error(404, "post not found");
        boolean reverse = "true".equalsIgnoreCase(req.param("reverse"));
        long first = w.firstCommentOn(p), count = w.commentsOnCount(p);
        String startkey = emptyToNull(req.param("startkey"));
        long i = 0;
        if (startkey != null) {
            long num = Display.keyNumber(startkey);
            if (num < first + 1 || num > first + count) return error(400, "invalid startkey");
            long c = num - 1 - first;
            i = reverse ? count - 1 - c : c;
        }
        List<Comment> page = new ArrayList<>();
        for (; i < count && page.size() < PAGE; i++) page.add(w.comment(first + (reverse ? count - 1 - i : i)));
        String next = null;
        if (i < count) {
            Comment c = w.comment(first + (reverse ? count - 1 - i : i));
            next = Display.key(c.createdAt(), c.number());
        }
        return json(200, commentEnvelope(ctx, page, next, startkey));
    }

    static Response commentsByUser(Request req, Ctx ctx) {
        World w = ctx.world();
        int u = userParam(req, w);
        if (u == -2) return error(400, "id or username is required");
        if (u < 0) return error(404, "user not found");
        long count = w.banned(u, ctx.now()) ? 0 : w.commentsByCount(u);
        String startkey = emptyToNull(req.param("startkey"));
        long i = 0;
        if (startkey != null) {
            try {
                i = Long.parseLong(startkey);
            } catch (NumberFormatException e) {
                return error(400, "invalid startkey");
            }
        }
        List<Comment> page = new ArrayList<>();
        for (; i < count && page.size() < PAGE; i++) page.add(w.comment(w.commentBy(u, i)));
        String next = i < count ? Long.toString(i) : null;
        return json(200, commentEnvelope(ctx, page, next, startkey));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
