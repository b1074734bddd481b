package io.lastlight.platform.parler;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.PostObservation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.lastlight.platform.parler.ParlerPlatform.KIND_COMMENTS;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_FOLLOWERS;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_FOLLOWING;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_HTML_POST;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_HTML_PROFILE;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_MEDIA;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_POST;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_POSTS;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_PROFILE;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_USER_COMMENTS;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_UUID;
import static io.lastlight.platform.parler.ParlerPlatform.POST_REFS;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_COMMENTS;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_EDGES;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_HTML;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_MEDIA;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_POSTS;
import static io.lastlight.platform.parler.ParlerRequests.commentsRequest;
import static io.lastlight.platform.parler.ParlerRequests.listRequest;
import static io.lastlight.platform.parler.ParlerRequests.postRequest;
import static io.lastlight.platform.parler.ParlerRequests.profileRequest;

/**
 * What a captured Parler response links to ({@link ParlerPlatform#discover}): every account seen in a list, an echo,
 * a reply or a mention, and every post page of every captured account.
 */
final class ParlerDiscovery {
    private final ParlerPlatform platform;
    private final ParlerPlatform.Options options;
    private final ParlerTrees trees;

    ParlerDiscovery(ParlerPlatform platform, ParlerPlatform.Options options, ParlerTrees trees) {
        this.platform = platform;
        this.options = options;
        this.trees = trees;
    }

    List<CrawlRequest> discover(URI base, Capture capture) {
        List<CrawlRequest> out = new ArrayList<>();
        if (capture.status() != 200 || capture.truncated() || BlockPages.isBlockPage(capture)) return out;
        String kind = platform.kindOf(capture.uri());
        if (kind.startsWith("html-")) {
            discoverHtml(base, capture, kind, out);
            return out;
        }
        if (!ParlerPlatform.jsonKind(kind)) return out; // robots.txt, media, short links: nothing to read as JSON
        JsonNode root;
        try {
            root = trees.tree(capture);
        } catch (java.io.IOException e) {
            return out;
        }
        if (root == null) return out;
        Map<String, String> q = ParlerUrls.query(capture.uri());
        switch (kind) {
            case KIND_PROFILE: {
                String id = ParlerJson.text(root, "id");
                String username = ParlerJson.text(root, "username");
                if (id == null || Boolean.TRUE.equals(ParlerJson.bool(root, "banned"))) break;
                double followers = valueOf(ParlerJson.count(root, "followers"));
                out.add(listRequest(base, ParlerUrls.CREATOR_POSTS, KIND_POSTS, id, null, TIER_POSTS, followers));
                out.add(listRequest(base, ParlerUrls.FOLLOWERS, KIND_FOLLOWERS, id, null, TIER_EDGES, followers));
                out.add(listRequest(base, ParlerUrls.FOLLOWING, KIND_FOLLOWING, id, null, TIER_EDGES, followers));
                if (options.comments()) {
                    out.add(listRequest(base, ParlerUrls.USER_COMMENTS, KIND_USER_COMMENTS, id, null, TIER_COMMENTS, followers));
                }
                if (options.htmlPages() && username != null) {
                    out.add(new CrawlRequest(ParlerUrls.webProfile(base, username, 1), KIND_HTML_PROFILE,
                            "parler:html-profile:" + username.toLowerCase(Locale.ROOT) + ":1", TIER_HTML, followers));
                }
                break;
            }
            case KIND_POSTS:
            case KIND_POST:
                addUsers(base, root.path("users"), out);
                for (JsonNode p : root.path("posts")) postLinks(base, p, out);
                if (root.has("post")) postLinks(base, root.get("post"), out);
                echoedPosts(base, root, out);
                if (kind.equals(KIND_POSTS)) nextPage(base, root, ParlerUrls.CREATOR_POSTS, KIND_POSTS, q, TIER_POSTS, true, out);
                break;
            case KIND_COMMENTS: {
                addUsers(base, root.path("users"), out);
                for (JsonNode c : root.path("comments")) mentions(base, ParlerJson.text(c, "body"), out);
                String next = ParlerCursor.nextKey(root, q, false);
                if (next != null && q.get("id") != null) out.add(commentsRequest(base, q.get("id"), next, 0));
                break;
            }
            case KIND_USER_COMMENTS:
                addUsers(base, root.path("users"), out);
                for (JsonNode c : root.path("comments")) mentions(base, ParlerJson.text(c, "body"), out);
                nextPage(base, root, ParlerUrls.USER_COMMENTS, KIND_USER_COMMENTS, q, TIER_COMMENTS, false, out);
                break;
            case KIND_FOLLOWERS:
                addUsers(base, root.path("followers"), out);
                nextPage(base, root, ParlerUrls.FOLLOWERS, KIND_FOLLOWERS, q, TIER_EDGES, false, out);
                break;
            case KIND_FOLLOWING:
                addUsers(base, root.path("followees"), out);
                nextPage(base, root, ParlerUrls.FOLLOWING, KIND_FOLLOWING, q, TIER_EDGES, false, out);
                break;
            case KIND_UUID:
                if (root.isTextual() && isPostId(root.asText())) out.add(postRequest(base, root.asText()));
                break;
            default:
                break;
        }
        return out;
    }

    private void postLinks(URI base, JsonNode p, List<CrawlRequest> out) {
        mentions(base, ParlerJson.text(p, "body"), out);
        String id = postId(p);
        if (id == null) return;
        if (options.comments()) {
            Counts c = ParlerJson.count(p, "comments");
            if (c != null && c.high() > 0) out.add(commentsRequest(base, id, null, c.value()));
        }
        if (options.htmlPages()) {
            out.add(new CrawlRequest(ParlerUrls.webPost(base, id), KIND_HTML_POST, "parler:html-post:" + id, TIER_HTML, 0));
        }
        // Media attachments served under the platform's own base: the last tier, fetched when time allows.
        String prefix = ParlerUrls.stripSlash(base.toString()) + "/";
        for (String url : ParlerJson.strings(p.path("media"))) {
            if (url.startsWith(prefix)) out.add(new CrawlRequest(URI.create(url), KIND_MEDIA, "parler:media:" + url, TIER_MEDIA, 0));
        }
    }

    /**
     * The posts this page's echoes point to. Those it carries in {@code postRefs[]} are observed here already (their
     * authors are in {@code users[]}, whose posts pages capture them again with their comments, pages and media):
     * only the accounts their text mentions are followed. A {@code parent} or {@code root} the page neither lists nor
     * carries is looked up by id ({@code /v1/post?id=}), so an echo's original is never left unobserved.
     */
    private static void echoedPosts(URI base, JsonNode root, List<CrawlRequest> out) {
        JsonNode refs = root.path(POST_REFS);
        Set<String> known = new java.util.HashSet<>();
        for (JsonNode r : refs) {
            String id = postId(r);
            if (id != null) known.add(id);
            mentions(base, ParlerJson.text(r, "body"), out);
        }
        List<JsonNode> own = new ArrayList<>();
        root.path("posts").forEach(own::add);
        if (root.has("post")) own.add(root.get("post"));
        for (JsonNode p : own) {
            String id = postId(p);
            if (id != null) known.add(id);
        }
        for (JsonNode p : own) {
            for (String field : new String[] {"parent", "root"}) {
                String ref = ParlerJson.text(p, field);
                if (ref != null && isPostId(ref) && known.add(ref)) out.add(postRequest(base, ref));
            }
        }
    }

    private static String postId(JsonNode p) {
        String id = ParlerJson.text(p, "_id");
        return id != null ? id : ParlerJson.text(p, "id");
    }

    private static void mentions(URI base, String body, List<CrawlRequest> out) {
        if (body == null || body.indexOf('@') < 0) return;
        PostObservation probe = ParlerJson.post(ParlerPlatform.JSON.createObjectNode().put("_id", "x").put("body", body), false);
        for (String name : probe.mentions()) out.add(profileRequest(base, name, 0));
    }

    private void discoverHtml(URI base, Capture capture, String kind, List<CrawlRequest> out) {
        for (String[] link : ParlerHtml.links(ParlerHtml.parse(capture))) {
            switch (link[0]) {
                case "user":
                    out.add(profileRequest(base, link[1], 0));
                    break;
                case "post":
                    if (options.htmlPages()) {
                        out.add(new CrawlRequest(ParlerUrls.webPost(base, link[1]), KIND_HTML_POST, "parler:html-post:" + link[1], TIER_HTML, 0));
                    }
                    break;
                case "page": {
                    if (!kind.equals(KIND_HTML_PROFILE)) break; // only profile pages page (a post page's pager is foreign)
                    String name = capture.uri().getPath().substring(ParlerUrls.WEB_PROFILE.length());
                    int page = Integer.parseInt(link[1]); // at most 6 digits (ParlerHtml.links)
                    if (page > 1 && page < 1_000_000) {
                        out.add(new CrawlRequest(ParlerUrls.webProfile(base, name, page), KIND_HTML_PROFILE,
                                "parler:html-profile:" + name.toLowerCase(Locale.ROOT) + ":" + page, TIER_HTML, 0));
                    }
                    break;
                }
                default:
                    break;
            }
        }
    }

    /** What an id lookup may answer: an id, never a path or a query. */
    static boolean isPostId(String s) {
        return s.matches("[0-9A-Za-z_-]{1,64}");
    }

    static double valueOf(Counts c) {
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

    private static void nextPage(URI base, JsonNode root, String path, String kind, Map<String, String> q, int tier,
                                 boolean newestFirst, List<CrawlRequest> out) {
        String next = ParlerCursor.nextKey(root, q, newestFirst);
        String id = q.get("id");
        if (next == null || id == null) return;
        out.add(listRequest(base, path, kind, id, next, tier, 0));
    }

}
