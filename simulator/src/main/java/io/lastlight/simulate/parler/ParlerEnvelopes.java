package io.lastlight.simulate.parler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.world.Comment;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.World;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lastlight.simulate.parler.ParlerApi.F;
import static io.lastlight.simulate.parler.ParlerApi.postJson;
import static io.lastlight.simulate.parler.ParlerApi.userJson;

/**
 * The envelopes {@link ParlerApi}'s answers share: a post list's (posts, users, postRefs, urls), a comment list's
 * (comments, users), and the paging fields ({@code last}, {@code next}, {@code prev}).
 */
final class ParlerEnvelopes {
    private ParlerEnvelopes() {}

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

    static void paging(ObjectNode o, boolean last, String next, String prev) {
        o.put("last", last);
        if (next != null) o.put("next", next); else o.putNull("next");
        if (prev != null) o.put("prev", prev); else o.putNull("prev");
    }

    static ObjectNode commentEnvelope(Ctx ctx, List<Comment> page, String next, String prev) {
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
}
