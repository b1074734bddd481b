package io.lastlight.platform.mastodon;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.Platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    public static final String KIND_ROBOTS = "robots";
    public static final String KIND_OTHER = "other";

    static final int TIER_PROFILE = 1;
    static final int TIER_POSTS = 2;
    static final int TIER_CONTEXT = 3;
    static final int TIER_EDGES = 4;

    private final MastodonExtractor extractor = new MastodonExtractor();
    private final MastodonDiscovery discovery = new MastodonDiscovery();

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
        return Set.of(KIND_PROFILE, KIND_POSTS, KIND_FOLLOWERS, KIND_FOLLOWING, KIND_POST, KIND_CONTEXT, KIND_TIMELINE, KIND_INSTANCE);
    }

    /** Mastodon's statuses endpoint answers 20 statuses a page by default. */
    @Override
    public int postsPerPage() {
        return 20;
    }

    @Override
    public List<CrawlRequest> seeds(URI base, List<String> seedUsers) {
        List<CrawlRequest> out = new ArrayList<>();
        out.add(new CrawlRequest(MastodonUrls.instance(base), KIND_INSTANCE, "mastodon:instance", TIER_PROFILE, Double.MAX_VALUE));
        Set<String> seen = new LinkedHashSet<>();
        for (String u : seedUsers) {
            String acct = normaliseAcct(u);
            if (acct.isEmpty() || !seen.add(acct.toLowerCase(Locale.ROOT))) continue;
            out.add(new CrawlRequest(MastodonUrls.lookup(base, acct), KIND_PROFILE,
                    "mastodon:lookup:" + acct.toLowerCase(Locale.ROOT), TIER_PROFILE, Double.MAX_VALUE));
        }
        // One snapshot of what the server shows publicly right now; it does not widen the crawl's scope.
        out.add(new CrawlRequest(MastodonUrls.publicTimeline(base), KIND_TIMELINE, "mastodon:timeline:public",
                TIER_PROFILE, 0));
        return out;
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

    @Override
    public Extraction extract(Capture capture) {
        return extractor.extract(capture);
    }
}
