package io.lastlight.platform.mastodon;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.Instances;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PlatformOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Mastodon's REST API (platforms.md §2), which Gab, Truth Social and every Mastodon server answer.
 *
 * <p>Seeds are account lookups by name plus, once per crawl, {@code /api/v1/instance} (the server's own
 * user and status counts) and one page of the public timeline. An account leads to its statuses (paged by
 * the {@code Link} header, {@code max_id} cursors, to the end), its followers and following (the
 * {@code Link} header only: the cursor is opaque). Every account met in a list, a status (author, reblogged
 * author, mentions, the account replied to, quoted author) or a thread is fetched by id, once: the frontier
 * key is the account id. Statuses with replies lead to their context (descendants), at lower priority.
 * Ids stay strings end to end.
 */
public final class MastodonPlatform implements Platform {
    public static final String KIND_PROFILE = "profile";
    public static final String KIND_POSTS = "posts";
    public static final String KIND_FOLLOWERS = "followers";
    public static final String KIND_FOLLOWING = "following";
    public static final String KIND_POST = "post";
    public static final String KIND_CONTEXT = "context";
    public static final String KIND_TIMELINE = "timeline";
    public static final String KIND_INSTANCE = "instance";
    /** {@code /.well-known/nodeinfo} and the nodeinfo document it links to: which software the server runs. */
    public static final String KIND_NODEINFO = "nodeinfo";
    /** Truth Social's {@code /api/v1/statuses/<id>/context/descendants}: a thread's replies, Link-paged. */
    public static final String KIND_DESCENDANTS = "descendants";
    public static final String KIND_ROBOTS = "robots";
    public static final String KIND_OTHER = "other";

    static final int TIER_PROFILE = 1;
    static final int TIER_POSTS = 2;
    static final int TIER_CONTEXT = 3;
    static final int TIER_EDGES = 4;

    private final MastodonExtractor extractor = new MastodonExtractor();
    private final DialectDetection detection;
    private final MastodonDiscovery discovery;

    /** Detects the dialect ({@code --dialect auto}). */
    public MastodonPlatform() {
        this((MastodonDialect) null);
    }

    private MastodonPlatform(MastodonDialect fixed) {
        this.detection = new DialectDetection(fixed);
        this.discovery = new MastodonDiscovery(detection);
    }

    /** Honours the {@code dialect} extra ({@code --dialect}): auto (the default) or a server software name. */
    @Override
    public Platform configure(PlatformOptions options) {
        return new MastodonPlatform(MastodonDialect.parseSetting(options.extra("dialect", "auto")));
    }

    /** The dialect this crawl speaks as far as it knows now: given, or detected from nodeinfo and the instance. */
    String dialect() {
        return detection.current().id;
    }

    @Override
    public String name() {
        return MastodonJson.PLATFORM;
    }

    @Override
    public String description() {
        return "the Mastodon client API (Mastodon, Gab, Truth Social, GoToSocial, Pleroma)";
    }

    @Override
    public Set<String> kinds() {
        return Set.of(KIND_PROFILE, KIND_POSTS, KIND_FOLLOWERS, KIND_FOLLOWING, KIND_POST, KIND_CONTEXT, KIND_TIMELINE, KIND_INSTANCE,
                KIND_NODEINFO, KIND_DESCENDANTS);
    }

    /** Mastodon's statuses endpoint answers 20 statuses a page by default. */
    @Override
    public int postsPerPage() {
        return 20;
    }

    /**
     * The server's self-description first ({@code /.well-known/nodeinfo}, {@code /api/v1/instance}), then the
     * seed lookups: right away in the form a given {@code --dialect} needs, or (auto) once the instance and
     * nodeinfo answers have said which software this is (see {@link MastodonDiscovery}).
     */
    @Override
    public List<CrawlRequest> seeds(URI base, List<String> seedUsers) {
        List<CrawlRequest> out = new ArrayList<>();
        out.add(new CrawlRequest(MastodonUrls.nodeinfoIndex(base), KIND_NODEINFO, "mastodon:nodeinfo", TIER_PROFILE, Double.MAX_VALUE));
        out.add(new CrawlRequest(MastodonUrls.instance(base), KIND_INSTANCE, "mastodon:instance", TIER_PROFILE, Double.MAX_VALUE));
        detection.seedUsers(seedUsers);
        if (detection.fixed() != null) out.addAll(MastodonDiscovery.lookups(base, seedUsers, detection.fixed()));
        // One snapshot of what the server shows publicly right now; it does not widen the crawl's scope.
        out.add(new CrawlRequest(MastodonUrls.publicTimeline(base), KIND_TIMELINE, "mastodon:timeline:public",
                TIER_PROFILE, 0));
        return out;
    }

    /**
     * The seed lookups when the server never said which software it runs (no usable {@code /api/v1/instance} or
     * nodeinfo answer): in the plain Mastodon form, which the Mastodon API's other servers but Gab answer.
     */
    @Override
    public LateRequests lateRequests(URI base) {
        if (!detection.lookupsOwed()) return null;
        List<CrawlRequest> lookups = MastodonDiscovery.lookups(base, detection.seedUsers(), detection.current());
        if (lookups.isEmpty()) return null;
        return new LateRequests("the server did not say which software it runs (no usable answer from /api/v1/instance "
                + "or /.well-known/nodeinfo): the seed users are looked up as on " + detection.current().id
                + " (--dialect NAME says otherwise)", lookups);
    }

    /** The acct of {@code accounts/lookup?acct=}, the name of Gab's {@code account_by_username/NAME}; else empty. */
    @Override
    public Optional<String> userLookedUp(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.contains("/accounts/lookup") && !path.contains("/account_by_username/")) return Optional.empty();
        MastodonUrls.Route r = MastodonUrls.route(uri);
        return KIND_PROFILE.equals(r.kind()) && r.subject() != null ? Optional.of(r.subject()) : Optional.empty();
    }

    /**
     * A 200 answer of a JSON endpoint that is not its JSON (HTML, bytes that do not parse, an object where a list
     * belongs): kept in WARC, fetched again, then failed with this reason. JSON in a declared charset is read as such.
     */
    @Override
    public String incompleteReason(Capture capture) {
        return MastodonBodies.incompleteReason(kindOf(capture.uri()), capture);
    }

    /** {@code @alice}, {@code alice}, {@code alice@host} → the acct the lookup endpoint takes. */
    static String normaliseAcct(String user) {
        String s = user == null ? "" : user.trim();
        return s.startsWith("@") ? s.substring(1) : s;
    }

    @Override
    public String kindOf(URI uri) {
        return MastodonUrls.route(uri).kind();
    }

    @Override
    public List<CrawlRequest> discover(URI base, Capture capture) {
        return discovery.discover(base, capture);
    }

    /**
     * The server that answered: Mastodon-API ids are local to it (Gab's and older Mastodon servers' account ids count
     * from 1; an account of another server seen on gab.com carries a gab.com id), so rows are keyed by it.
     */
    @Override
    public String instanceOf(URI uri) {
        return Instances.of(uri);
    }

    @Override
    public Extraction extract(Capture capture) {
        return extractor.extract(capture);
    }

    /**
     * Answers that are a server's policy towards anonymous clients, not failures (platforms.md §2, "Policies"):
     * Gab's 429 {@code {"error": true}} without Retry-After on any {@code max_id}/{@code since_id}/{@code min_id}
     * page; without a token, 401 on follower and following lists and 422 on threads.
     */
    @Override
    public String policyRefusal(Capture capture, boolean authenticated) {
        return MastodonPolicy.refusal(capture, authenticated);
    }
}
