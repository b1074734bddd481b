package io.lastlight.simulate.parler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.Comment;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Parler-style JSON face ({@code /v1/...}, {@code /v3/uuidConversion/...}). */
public final class ParlerApi {
    public static final int PAGE = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ParlerApi() {}

    /** Answers a Parler request, or returns null if the path is not part of this face. */
    public static Response route(Request req, Ctx ctx) {
        String p = req.path();
        if (p.startsWith("/v3/uuidConversion/")) return uuid(p.substring("/v3/uuidConversion/".length()), ctx);
        if (!p.startsWith("/v1/")) return null;
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return error(405, "method not allowed");
        }
        switch (p) {
            case "/v1/profile": return profile(req, ctx);
            case "/v1/post/creator": return creator(req, ctx);
            case "/v1/post": return post(req, ctx);
            case "/v1/post/hashtag": return hashtag(req, ctx);
            case "/v1/follow/followers": return follows(req, ctx, true);
            case "/v1/follow/following": return follows(req, ctx, false);
            case "/v1/comment": return commentsOnPost(req, ctx);
            case "/v1/comment/creator": return commentsByUser(req, ctx);
            default: return error(404, "not found");
        }
    }

    public static Response error(int status, String message) {
        ObjectNode o = F.objectNode();
        o.put("message", message);
        return json(status, o);
    }

    static Response json(int status, ObjectNode o) {
        try {
            return Response.json(status, MAPPER.writeValueAsBytes(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response uuid(String rest, Ctx ctx) {
        World w = ctx.world();
        int slash = rest.indexOf('/');
        if (slash < 0) return error(404, "not found");
        String kind = rest.substring(0, slash);
        long n;
        try {
            n = Long.parseLong(rest.substring(slash + 1));
        } catch (NumberFormatException e) {
            return error(400, "expected a number");
        }
        String id;
        if (kind.equals("post")) {
            long idx = w.postIndexOfNumber(n);
            if (idx < 0) return error(404, "post not found");
            id = w.postId(idx);
        } else if (kind.equals("user")) {
            int idx = w.userIndexOfNumber(n);
            if (idx < 0) return error(404, "user not found");
            id = w.userId(idx);
        } else {
            return error(404, "not found");
        }
        return Response.json(200, "\"" + id + "\"");
    }

    /** The user named by {@code id=} or {@code username=}, -1 if unknown, -2 if no parameter. */
    private static int userParam(Request req, World w) {
        String id = req.param("id");
        if (id != null && !id.isEmpty()) return w.userIndexOfId(id);
        String name = req.param("username");
        if (name != null && !name.isEmpty()) return w.userIndexOfName(name);
        return -2;
    }

    private static Response profile(Request req, Ctx ctx) {
        int u = userParam(req, ctx.world());
        if (u == -2) return error(400, "id or username is required");
        if (u < 0) return error(404, "user not found");
        return json(200, userJson(ctx, ctx.world().user(u)));
    }

    public static ObjectNode userJson(Ctx ctx, User u) {
        ObjectNode o = F.objectNode();
        o.put("id", u.id());
        o.put("username", u.username());
        o.put("name", u.name());
        o.put("bio", u.bio());
        o.put("joined", Display.timestamp(u.joined()));
        o.put("verified", u.verified());
        o.put("human", true);
        o.put("private", false);
        o.put("banned", u.bannedAt(ctx.now()));
        ArrayNode badges = o.putArray("badges");
        for (int b : u.badges()) badges.add(b);
        o.put("followers", Display.count(u.followersDisplayed()));
        o.put("following", Display.count(u.following()));
        o.put("posts", Display.count(u.posts()));
        o.put("comments", Display.count(u.comments()));
        o.put("likes", Display.count(u.likes()));
        o.put("media", Display.count(u.media()));
        o.put("profilePhoto", ctx.base() + "/media/u/" + u.id() + "/avatar.jpg");
        o.put("coverPhoto", ctx.base() + "/media/u/" + u.id() + "/cover.png");
        o.put("score", Display.count(u.score()));
        o.put("interactions", u.interactions());
        return o;
    }

    public static ObjectNode postJson(Ctx ctx, Post p) {
        World w = ctx.world();
        boolean deleted = p.deletedAt(ctx.now());
        ObjectNode o = F.objectNode();
        o.put("_id", p.id());
        o.put("id", p.id());
        o.put("creator", w.userId(p.creator()));
        o.put("body", deleted ? "" : p.body());
        o.put("createdAt", Display.timestamp(p.createdAt()));
        o.put("depth", Integer.toString(p.depth()));
        o.put("depthRaw", p.depth());
        if (p.parent() >= 0) o.put("parent", w.postId(p.parent())); else o.putNull("parent");
        if (p.root() >= 0) o.put("root", w.postId(p.root())); else o.putNull("root");
        ArrayNode tags = o.putArray("hashtags");
        if (!deleted) for (String t : p.hashtags()) tags.add(t);
        ArrayNode links = o.putArray("links");
        if (!deleted && p.link() != null) links.add(p.link().id());
        ArrayNode media = o.putArray("media");
        if (!deleted) for (int i = 0; i < p.mediaCount(); i++) media.add(mediaUrl(ctx, p, i));
        o.put("comments", Display.count(p.comments()));
        o.put("impressions", Display.count(p.impressions()));
        o.put("reposts", Display.count(p.reposts()));
        o.put("upvotes", Display.count(p.upvotes()));
        o.put("sensitive", p.sensitive());
        o.put("article", false);
        o.put("shareLink", ctx.base() + "/post/" + p.id());
        o.put("state", deleted ? 4 : 0);
        o.put("deleted", deleted);
        return o;
    }

    public static String mediaUrl(Ctx ctx, Post p, int i) {
        return ctx.base() + "/media/p/" + p.id() + "/" + i + (((p.number() + i) & 1) == 0 ? ".jpg" : ".png");
    }

    static ObjectNode linkJson(Ctx ctx, Post.Link l, Post p) {
        ObjectNode o = F.objectNode();
        o.put("_id", l.id());
        o.put("long", l.longUrl());
        o.put("short", l.shortUrl());
        o.put("domain", l.domain());
        ObjectNode m = o.putObject("metadata");
        m.put("title", l.title());
        m.put("site_name", l.siteName());
        m.put("image", ctx.base() + "/media/l/" + l.id() + ".jpg");
        return o;
    }

    private static ObjectNode commentJson(Ctx ctx, Comment c) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        o.put("_id", c.id());
        o.put("id", c.id());
        o.put("creator", w.userId(c.creator()));
        o.put("body", c.body());
        o.put("createdAt", Display.timestamp(c.createdAt()));
        o.put("depth", "1");
        o.put("depthRaw", 1);
        o.put("parent", w.postId(c.post()));
        o.put("root", w.postId(c.post()));
        o.putArray("hashtags");
        o.putArray("links");
        o.putArray("media");
        o.put("comments", "0");
        o.put("upvotes", Display.count(c.upvotes()));
        o.put("sensitive", false);
        o.put("state", 0);
        return o;
    }

    /** Builds the normalised post-list envelope: posts, users, postRefs, urls. */
    static ObjectNode postEnvelope(Ctx ctx, List<Post> posts, String listKey) {
        World w = ctx.world();
        Map<Long, Post> refs = new LinkedHashMap<>();
        Set<Integer> users = new LinkedHashSet<>();
        ArrayNode arr = F.arrayNode();
        for (Post p : posts) {
            arr.add(postJson(ctx, p));
            users.add(p.creator());
            if (p.parent() >= 0) refs.computeIfAbsent(p.parent(), w::post);
            if (p.root() >= 0) refs.computeIfAbsent(p.root(), w::post);
        }
        ObjectNode o = F.objectNode();
        if (listKey != null) o.set(listKey, arr);
        ArrayNode refArr = F.arrayNode();
        ArrayNode urls = F.arrayNode();
        Set<String> seenLinks = new LinkedHashSet<>();
        for (Post p : posts) addLink(ctx, p, urls, seenLinks);
        for (Post r : refs.values()) {
            refArr.add(postJson(ctx, r));
            users.add(r.creator());
            addLink(ctx, r, urls, seenLinks);
        }
        ArrayNode ua = o.putArray("users");
        for (int u : users) ua.add(userJson(ctx, w.user(u)));
        o.set("postRefs", refArr);
        o.set("urls", urls);
        return o;
    }

    private static void addLink(Ctx ctx, Post p, ArrayNode urls, Set<String> seen) {
        if (p.link() != null && !p.deletedAt(ctx.now()) && seen.add(p.link().id())) urls.add(linkJson(ctx, p.link(), p));
    }

    private static void paging(ObjectNode o, boolean last, String next, String prev) {
        o.put("last", last);
        if (next != null) o.put("next", next); else o.putNull("next");
        if (prev != null) o.put("prev", prev); else o.putNull("prev");
    }

    private static Response creator(Request req, Ctx ctx) {
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

    private static Response post(Request req, Ctx ctx) {
        World w = ctx.world();
        String id = req.param("id");
        if (id == null || id.isEmpty()) return error(400, "id is required");
        long p = w.postIndexOfId(id);
        if (p < 0) return error(404, "post not found");
        Post post = w.post(p);
        ObjectNode env = postEnvelope(ctx, List.of(post), null);
        ObjectNode o = F.objectNode();
        o.set("post", postJson(ctx, post));
        o.setAll(env);
        return json(200, o);
    }

    private static Response hashtag(Request req, Ctx ctx) {
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

    private static Response follows(Request req, Ctx ctx, boolean followers) {
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

    private static Response commentsOnPost(Request req, Ctx ctx) {
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

    private static Response commentsByUser(Request req, Ctx ctx) {
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

    private static ObjectNode commentEnvelope(Ctx ctx, List<Comment> page, String next, String prev) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        ArrayNode arr = o.putArray("comments");
        Set<Integer> users = new LinkedHashSet<>();
        for (Comment c : page) {
            arr.add(commentJson(ctx, c));
            users.add(c.creator());
        }
        ArrayNode ua = o.putArray("users");
        for (int u : users) ua.add(userJson(ctx, w.user(u)));
        paging(o, next == null, next, prev);
        return o;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
