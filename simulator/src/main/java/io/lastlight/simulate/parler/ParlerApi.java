package io.lastlight.simulate.parler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;

import java.util.List;

/**
 * The Parler-style JSON face ({@code /v1/...}, {@code /v3/uuidConversion/...}). Routing, id lookups, profiles, single
 * posts and the user and post objects are here; the paged lists are in {@link ParlerLists}, the envelopes they
 * share in {@link ParlerEnvelopes}.
 */
public final class ParlerApi {
    public static final int PAGE = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

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
            case "/v1/post/creator": return ParlerLists.creator(req, ctx);
            case "/v1/post": return post(req, ctx);
            case "/v1/post/hashtag": return ParlerLists.hashtag(req, ctx);
            case "/v1/follow/followers": return ParlerLists.follows(req, ctx, true);
            case "/v1/follow/following": return ParlerLists.follows(req, ctx, false);
            case "/v1/comment": return ParlerLists.commentsOnPost(req, ctx);
            case "/v1/comment/creator": return ParlerLists.commentsByUser(req, ctx);
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
    static int userParam(Request req, World w) {
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

    private static Response post(Request req, Ctx ctx) {
        World w = ctx.world();
        String id = req.param("id");
        if (id == null || id.isEmpty()) return error(400, "id is required");
        long p = w.postIndexOfId(id);
        if (p < 0) return error(404, "post not found");
        Post post = w.post(p);
        ObjectNode env = ParlerEnvelopes.postEnvelope(ctx, List.of(post), null);
        ObjectNode o = F.objectNode();
        o.set("post", postJson(ctx, post));
        o.setAll(env);
        return json(200, o);
    }
}
