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

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
 * every captured account ({@link ParlerDiscovery}). Extraction is in {@link ParlerExtract} and {@link ParlerHtml}.
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

    private final ParlerTrees trees;
    private final ParlerDiscovery discovery;

    /** API endpoints only: profiles, posts, follows (what the original skeleton fetched). */
    public ParlerPlatform() {
        this(Options.API_ONLY);
    }

    public ParlerPlatform(Options options) {
        this(options, true);
    }

    /** @param slimTrees read bodies with {@link ParlerSlimJson} when it can (false: always the full tree; for tests) */
    ParlerPlatform(Options options, boolean slimTrees) {
        this.trees = new ParlerTrees(slimTrees);
        this.discovery = new ParlerDiscovery(this, options, trees);
    }

    /** The tree of {@code body} if this adapter has just read it, else null (see {@link ParlerTrees#treeRead}). */
    io.lastlight.json.LenientJson.Parsed<JsonNode> treeRead(byte[] body) {
        return trees.treeRead(body);
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
        for (String u : seedUsers) out.add(ParlerRequests.profileRequest(base, u, Double.MAX_VALUE));
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

    /** The {@code username} of {@code /v1/profile?username=NAME} (how seed users are looked up); else empty. */
    @Override
    public java.util.Optional<String> userLookedUp(URI uri) {
        if (!KIND_PROFILE.equals(kindOf(uri))) return java.util.Optional.empty();
        return java.util.Optional.ofNullable(ParlerUrls.query(uri).get("username")).filter(u -> !u.isBlank());
    }

    /** A short link's 3xx is its content (the Location is the URL it stands for). */
    @Override
    public boolean redirectIsAnswer(String kind) {
        return KIND_LINK.equals(kind);
    }

    @Override
    public String incompleteReason(Capture capture) {
        String kind = kindOf(capture.uri());
        if (!jsonKind(kind) || capture.status() != 200) {
            return null; // not JSON: pages, media files, robots.txt
        }
        if (BlockPages.isBlockPage(capture)) return null;
        try {
            JsonNode n = trees.tree(capture);
            boolean idLookup = kind.equals(KIND_UUID) || kind.equals(KIND_ID_PROBE);
            if (n == null || (idLookup ? !n.isTextual() : !n.isObject())) return "unexpected JSON shape for " + kind;
            return null;
        } catch (java.io.IOException e) {
            return "malformed JSON (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** Whether captures of this kind hold JSON (not pages, media files, short links or robots.txt). */
    static boolean jsonKind(String kind) {
        return !(kind.equals("other") || kind.equals("robots") || kind.startsWith("html-") || kind.equals(KIND_MEDIA)
                || kind.equals(KIND_LINK));
    }

    /** List pages hold 10 items ({@code limit=10}): a profile's counts imply its pages of posts and edges. */
    @Override
    public Map<String, Long> expectedPages(Capture capture) {
        if (capture.status() != 200 || capture.truncated() || !KIND_PROFILE.equals(kindOf(capture.uri()))) return Map.of();
        JsonNode root;
        try {
            root = trees.tree(capture);
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
        return discovery.discover(base, capture);
    }

    @Override
    public Extraction extract(Capture capture) {
        return ParlerExtract.extract(this, capture);
    }
}
