package io.lastlight.platform.parler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.IdSpace;
import io.lastlight.platform.KindRole;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PlatformOptions;
import io.lastlight.platform.PostObservation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parler ({@code docs/platforms.md}, "Parler"): profiles, creator posts, comments (a post's, a user's), followers and
 * following with {@code startkey} paging to {@code last}, post lookup, enumeration through
 * {@code /v3/uuidConversion/post/<n>}, and the web pages {@code /profile/<name>} and {@code /post/<id>}.
 * Discovery follows every account seen in a list, an echo, a reply or a mention, and every post page of
 * every captured account. Extraction is in {@link ParlerExtract} and {@link ParlerHtml}.
 */
public final class ParlerPlatform implements Platform {
    public static final String KIND_PROFILE = "profile";
    public static final String KIND_POSTS = "posts";
    public static final String KIND_FOLLOWERS = "followers";
    public static final String KIND_FOLLOWING = "following";
    public static final String KIND_POST = "post";
    public static final String KIND_COMMENTS = "comments";
    public static final String KIND_USER_COMMENTS = "user-comments";
    public static final String KIND_UUID = "uuid";
    /** Sampled sequential-id probes ({@code lastlight crawl --sample-ids}): evidence for user-count estimates. */
    public static final String KIND_ID_PROBE = "id-probe";
    public static final String KIND_MEDIA = "media";
    public static final String KIND_HTML_PROFILE = "html-profile";
    public static final String KIND_HTML_POST = "html-post";
    /** Parler's link shortener ({@code /l/<id>} on api.parler.com or par.pw): a redirect to the outbound URL. */
    public static final String KIND_LINK = "link";

    static final int TIER_PROFILE = 1;
    static final int TIER_POSTS = 2;
    static final int TIER_COMMENTS = 3;
    static final int TIER_EDGES = 4;
    static final int TIER_HTML = 5;
    static final int TIER_MEDIA = 5;

    static final ObjectMapper JSON = new ObjectMapper();
    /** A posts page's (and a single post's) array of the posts its echoes point to: their parents and roots. */
    static final String POST_REFS = "postRefs";
    /** The link objects ({@code _id}, {@code short}, {@code long}, {@code metadata}) a page's posts name in {@code links[]}. */
    static final String URLS = "urls";

    /**
     * @param comments fetch comments (replies to posts, a user's comments)
     * @param htmlPages also fetch the web profile and post pages
     */
    public record Options(boolean comments, boolean htmlPages, List<String> scopeHosts) {
        public static final Options API_ONLY = new Options(false, false, List.of());
    }

    private final Options options;
    private final boolean slimTrees;
    /**
     * The last body read as a tree: the crawler asks about one capture several times in a row (complete?
     * what does it link to? how many pages does it imply?), and each question would otherwise parse it again.
     * Matched by the body array's identity; immutable, so threads sharing the adapter at most parse twice.
     */
    private volatile ParsedBody lastParsed;

    private record ParsedBody(byte[] body, JsonNode root, java.io.IOException error) {}

    /** API endpoints only: profiles, posts, follows (what the original skeleton fetched). */
    public ParlerPlatform() {
        this(Options.API_ONLY);
    }

    public ParlerPlatform(Options options) {
        this(options, true);
    }

    /** @param slimTrees read bodies with {@link ParlerSlimJson} when it can (false: always the full tree; for tests) */
    ParlerPlatform(Options options, boolean slimTrees) {
        this.options = options;
        this.slimTrees = slimTrees;
    }

    /**
     * The body's tree, read once per body (see {@link #lastParsed}): {@link ParlerSlimJson}'s streaming read of the
     * fields this adapter reads (discovery, page counts and extraction alike) when the body is a plain JSON object,
     * else the whole tree ({@code JSON.readTree}), whose errors are the ones reported.
     */
    private JsonNode tree(Capture capture) throws java.io.IOException {
        ParsedBody p = lastParsed;
        if (p == null || p.body() != capture.body()) {
            JsonNode slim = slimTrees ? ParlerSlimJson.read(capture.body()) : null;
            if (slim != null) {
                p = new ParsedBody(capture.body(), slim, null);
            } else {
                try {
                    p = new ParsedBody(capture.body(), JSON.readTree(capture.body()), null);
                } catch (java.io.IOException e) {
                    p = new ParsedBody(capture.body(), null, e);
                }
            }
            lastParsed = p;
        }
        if (p.error() != null) throw p.error();
        return p.root();
    }

    /**
     * The tree of {@code body} if this adapter has just read it (the crawler asks whether a capture is complete
     * and what it links to before it extracts it), else null: extraction then reads the body itself.
     */
    JsonNode treeRead(byte[] body) {
        ParsedBody p = lastParsed;
        return p != null && p.body() == body && p.error() == null ? p.root() : null;
    }

    @Override
    public String name() {
        return ParlerJson.PLATFORM;
    }

    @Override
    public String description() {
        return "Parler's API (v1/v3) and web pages";
    }

    @Override
    public Platform configure(PlatformOptions o) {
        return new ParlerPlatform(new Options(o.comments(), o.htmlPages(), o.scopeHosts()));
    }

    @Override
    public Set<String> kinds() {
        return Set.of(KIND_PROFILE, KIND_POSTS, KIND_FOLLOWERS, KIND_FOLLOWING, KIND_POST, KIND_COMMENTS, KIND_USER_COMMENTS,
                KIND_UUID, KIND_ID_PROBE, KIND_MEDIA, KIND_HTML_PROFILE, KIND_HTML_POST);
    }

    /** Comments and a user's comments are edges; web pages wait with media; uuid lookups keep their tier. */
    @Override
    public KindRole roleOf(String kind) {
        if (kind.equals(KIND_USER_COMMENTS)) return KindRole.EDGES;
        if (kind.equals(KIND_HTML_PROFILE) || kind.equals(KIND_HTML_POST)) return KindRole.MEDIA;
        return Platform.super.roleOf(kind);
    }

    /** Parler's creator pages hold 10 posts. */
    @Override
    public int postsPerPage() {
        return 10;
    }

    /** Parler numbered accounts and posts: {@code /v3/uuidConversion/<user|post>/<n>} answers 200 or 404. */
    @Override
    public Optional<URI> idProbe(URI base, String idKind, long number) {
        return Optional.of(ParlerUrls.idProbe(base, idKind, number));
    }

    private static final Pattern ID_PROBE = Pattern.compile(Pattern.quote(ParlerUrls.ID_PROBE) + "([a-z]+)/(\\d{1,18})$");

    @Override
    public Optional<IdSpace.Probe> idProbeOf(URI uri) {
        Matcher m = ID_PROBE.matcher(uri.getPath() == null ? "" : uri.getPath());
        return m.matches() ? Optional.of(new IdSpace.Probe(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    @Override
    public List<CrawlRequest> enumeration(URI base, long from, long to) {
        return enumerationSeeds(base, from, to);
    }

    @Override
    public List<CrawlRequest> seeds(URI base, List<String> seedUsers) {
        List<CrawlRequest> out = new ArrayList<>();
        for (String u : seedUsers) out.add(profileRequest(base, u, Double.MAX_VALUE));
        return out;
    }

    /** {@code /v3/uuidConversion/post/<n>} for n in [from, to]: each answers a post id, then fetched by id. */
    public List<CrawlRequest> enumerationSeeds(URI base, long from, long to) {
        List<CrawlRequest> out = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            out.add(new CrawlRequest(ParlerUrls.uuidPost(base, n), KIND_UUID, "parler:uuid:post:" + n, TIER_POSTS, 0));
        }
        return out;
    }

    @Override
    public Set<String> revisitKinds() {
        return Set.of(KIND_PROFILE, KIND_POSTS, KIND_POST, KIND_COMMENTS, KIND_USER_COMMENTS, KIND_HTML_PROFILE, KIND_HTML_POST);
    }

    static CrawlRequest profileRequest(URI base, String username, double value) {
        return new CrawlRequest(ParlerUrls.profileByUsername(base, username), KIND_PROFILE,
                "parler:profile:" + username.toLowerCase(Locale.ROOT), TIER_PROFILE, value);
    }

    private static CrawlRequest listRequest(URI base, String path, String kind, String userId, String startKey,
                                            int tier, double value) {
        return new CrawlRequest(ParlerUrls.list(base, path, userId, startKey), kind,
                "parler:" + kind + ":" + userId + ":" + (startKey == null ? "" : startKey), userId, tier, value);
    }

    private static CrawlRequest postRequest(URI base, String postId) {
        return new CrawlRequest(ParlerUrls.post(base, postId), KIND_POST, "parler:post:" + postId, TIER_POSTS, 0);
    }

    private static CrawlRequest commentsRequest(URI base, String postId, String startKey, double value) {
        return new CrawlRequest(ParlerUrls.comments(base, postId, startKey), KIND_COMMENTS,
                "parler:comments:" + postId + ":" + (startKey == null ? "" : startKey), TIER_COMMENTS, value);
    }

    @Override
    public String kindOf(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        switch (path) {
            case ParlerUrls.PROFILE: return KIND_PROFILE;
            case ParlerUrls.CREATOR_POSTS: return KIND_POSTS;
            case ParlerUrls.FOLLOWERS: return KIND_FOLLOWERS;
            case ParlerUrls.FOLLOWING: return KIND_FOLLOWING;
            case ParlerUrls.POST: return KIND_POST;
            case ParlerUrls.COMMENTS: return KIND_COMMENTS;
            case ParlerUrls.USER_COMMENTS: return KIND_USER_COMMENTS;
            case "/robots.txt": return "robots";
            default:
                if (path.startsWith(ParlerUrls.UUID_POST)) return KIND_UUID;
                if (path.startsWith("/v3/uuidConversion/")) return KIND_ID_PROBE;
                if (path.startsWith("/media/")) return KIND_MEDIA;
                if (path.startsWith(ParlerUrls.WEB_PROFILE) && (path.indexOf('/', ParlerUrls.WEB_PROFILE.length()) < 0
                        || path.endsWith("/posts") && path.indexOf('/', ParlerUrls.WEB_PROFILE.length()) == path.length() - "/posts".length())) {
                    return KIND_HTML_PROFILE; // parler.com: /profile/<name>/posts; the simulator: /profile/<name>
                }
                if (path.startsWith("/l/") && path.length() > 3 && path.indexOf('/', 3) < 0) return KIND_LINK;
                if (path.startsWith(ParlerUrls.WEB_POST)) return KIND_HTML_POST;
                return "other";
        }
    }

    @Override
    public String incompleteReason(Capture capture) {
        String kind = kindOf(capture.uri());
        if (!jsonKind(kind) || capture.status() != 200) {
            return null; // not JSON: pages, media files, robots.txt
        }
        if (BlockPages.isBlockPage(capture)) return null;
        try {
            JsonNode n = tree(capture);
            boolean idLookup = kind.equals(KIND_UUID) || kind.equals(KIND_ID_PROBE);
            if (n == null || (idLookup ? !n.isTextual() : !n.isObject())) return "unexpected JSON shape for " + kind;
            return null;
        } catch (java.io.IOException e) {
            return "malformed JSON (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** Whether captures of this kind hold JSON (not pages, media files, short links or robots.txt). */
    private static boolean jsonKind(String kind) {
        return !(kind.equals("other") || kind.equals("robots") || kind.startsWith("html-") || kind.equals(KIND_MEDIA)
                || kind.equals(KIND_LINK));
    }

    /** List pages hold 10 items ({@code limit=10}): a profile's counts imply its pages of posts and edges. */
    @Override
    public Map<String, Long> expectedPages(Capture capture) {
        if (capture.status() != 200 || capture.truncated() || !KIND_PROFILE.equals(kindOf(capture.uri()))) return Map.of();
        JsonNode root;
        try {
            root = tree(capture);
        } catch (java.io.IOException e) {
            return Map.of();
        }
        if (root == null || ParlerJson.text(root, "id") == null || Boolean.TRUE.equals(ParlerJson.bool(root, "banned"))) {
            return Map.of();
        }
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        out.put(KIND_POSTS, pages(ParlerJson.count(root, "posts")));
        out.put(KIND_FOLLOWERS, pages(ParlerJson.count(root, "followers")));
        out.put(KIND_FOLLOWING, pages(ParlerJson.count(root, "following")));
        return out;
    }

    private static long pages(Counts c) {
        long n = c == null ? 0 : Math.max(0, c.value());
        return Math.max(1, (n + 9) / 10);
    }

    @Override
    public List<CrawlRequest> discover(URI base, Capture capture) {
        List<CrawlRequest> out = new ArrayList<>();
        if (capture.status() != 200 || capture.truncated() || BlockPages.isBlockPage(capture)) return out;
        String kind = kindOf(capture.uri());
        if (kind.startsWith("html-")) {
            discoverHtml(base, capture, kind, out);
            return out;
        }
        if (!jsonKind(kind)) return out; // robots.txt, media, short links: nothing to read as JSON
        JsonNode root;
        try {
            root = tree(capture);
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
                String next = nextKey(root, q, false);
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
        PostObservation probe = ParlerJson.post(JSON.createObjectNode().put("_id", "x").put("body", body), false);
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
        String next = nextKey(root, q, newestFirst);
        String id = q.get("id");
        if (next == null || id == null) return;
        out.add(listRequest(base, path, kind, id, next, tier, 0));
    }

    /**
     * The next page's key, or null at the end or when the cursor misbehaves: the same key again, or keys
     * that stop being monotonic (time-and-counter keys must fall on a newest-first list, offsets must grow),
     * which is where the 2021 scrapers stopped too. Cycles of distinct keys are cut by the frontier's
     * de-duplication, endless fresh keys by {@code max_hops}.
     */
    static String nextKey(JsonNode root, Map<String, String> q, boolean newestFirst) {
        if (root.path("last").asBoolean(true)) return null;
        String next = ParlerJson.text(root, "next");
        String current = q.get("startkey");
        if (next == null || next.isEmpty() || next.equals(current)) return null;
        if (current != null && !current.isEmpty()) {
            long a = keyCounter(current), b = keyCounter(next);
            if (a >= 0 && b >= 0 && current.contains("_") && next.contains("_")) {
                if (newestFirst && b >= a) return null;
            } else if (current.matches("\\d{1,18}") && next.matches("\\d{1,18}")) {
                if (Long.parseLong(next) <= Long.parseLong(current)) return null;
            }
        }
        return next;
    }

    /** The counter of a {@code 2020-10-23T18:04:50.105Z_159130735} key, or -1. */
    static long keyCounter(String key) {
        int us = key.lastIndexOf('_');
        if (us < 0) return -1;
        try {
            return Long.parseLong(key.substring(us + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Extraction extract(Capture capture) {
        return ParlerExtract.extract(this, capture);
    }
}
