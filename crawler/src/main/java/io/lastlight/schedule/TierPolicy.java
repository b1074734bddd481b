package io.lastlight.schedule;

import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.KindRole;
import io.lastlight.platform.Kinds;
import io.lastlight.platform.Platform;
import io.lastlight.platform.ProfileObservation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Deadline-aware tiers ({@code --schedule tiered}; FIFO leaves requests alone). Requests a capture
 * discovered are tiered before they go to the frontier ({@link #apply}), and a queued request is looked at
 * again when it is leased ({@link #reconsider}): what the crawl learnt since may have lowered its value.
 * Requests are placed by the {@link KindRole} the adapter gives their kind ({@link Platform#roleOf}), never by
 * kind names or keys: a list page's account is its {@link CrawlRequest#owner()}. Kinds of role
 * {@link KindRole#OTHER} keep the adapter's tier.
 * <ul>
 * <li>Profiles: tier 1, by followers.</li>
 * <li>Follower/following pages are how profiles are found. Such a page is in tier 1, after every profile,
 *     while it can still reveal a profile and discovery still pays: its score is the edges of that list not
 *     seen yet ({@link EdgeLedger}: the list owner's announced count less the edges seen from either side),
 *     at most a page's worth, and the {@link DiscoveryGate} is open (one of the last
 *     {@code max(50, known profiles/20)} discovery pages revealed a new profile). Higher scores first. A
 *     page whose list holds no unseen edge, or any page once the gate has closed, is an edge page (tier 4).
 *     Measured on the simulator (500 users): this finds every reachable profile with about 300 list pages
 *     where queueing every list's first page in tier 1 took over 600.</li>
 * <li>Posts pages: tier 2 when the owner's followers are at or above the running 90th percentile of the
 *     captured profiles' followers, else tier 3; an account without posts is tier 3. Value: the follower
 *     weight the page is expected to hold, followers × posts on it (the profile's post count, at most a page
 *     of {@link Platform#postsPerPage}), so a prolific account's pages come before a silent one's. Continuation
 *     pages keep their list's tier and value: a list is read newest first.</li>
 * <li>Comments: tier 4; media and HTML pages: tier 5.</li>
 * </ul>
 * In the tiers that mix kinds (4 and 5) the value is divided by the measured {@link KindCost} of the kind. Tiers
 * 1 to 3 hold one kind each (profiles, list pages scored apart, posts pages), whose cost is the same for all
 * of them: dividing by it would only reorder them by when they were queued, as the measured cost drifts
 * (posts pages measure about three times an average request once the first are in).
 * <p>
 * The state (follower percentile, edge ledger, discovery gate, page size) survives {@code --resume}: each
 * capture's {@link ScheduleLesson} is committed with the capture in the frontier and replayed in order at
 * start ({@link #replay}), so a resumed crawl orders its next items as an uninterrupted one would. The cost
 * model is a running measurement of latency and size and is measured again after a resume (it only orders
 * kinds within tiers 4 and 5).
 */
public final class TierPolicy {
    public static final double TOP_QUANTILE = 0.9;
    /** The discovery gate's smallest window, in discovery pages without a new profile. */
    public static final int MIN_WINDOW = 50;
    /** Posts on a page when no adapter says ({@link Platform#postsPerPage}); larger pages only change ties. */
    public static final int POSTS_PER_PAGE = 10;
    /** A tier-1 list page whose score fell below this share of the score it was queued with is queued again. */
    static final double RESCORE_BELOW = 0.75;

    /** Where a leased request should go instead of being fetched now. */
    public record Placement(int tier, double value) {}

    private final FollowerHistogram followers = new FollowerHistogram();
    private final KindCost cost = new KindCost();
    private final EdgeLedger ledger = new EdgeLedger();
    private final DiscoveryGate gate;
    private final Function<String, KindRole> roles;
    private final int postsPerPage;
    private volatile int listPage = 10;
    // What the capture being handled taught (results thread only): taken with takeLesson() for the frontier.
    private String lessonProfile;
    private long lessonFollowers;
    private long lessonFollowing;
    private String lessonListKind;
    private String lessonListOwner;
    private List<String> lessonOthers;

    /** The standard kinds ({@link Kinds#standardRole}) with pages of {@value #POSTS_PER_PAGE} posts. */
    public TierPolicy() {
        this(Kinds::standardRole, POSTS_PER_PAGE, MIN_WINDOW);
    }

    /** The adapter's kinds and page size. */
    public TierPolicy(Platform platform) {
        this(platform::roleOf, platform.postsPerPage(), MIN_WINDOW);
    }

    public TierPolicy(Function<String, KindRole> roles, int postsPerPage, int minWindow) {
        this.roles = roles;
        this.postsPerPage = postsPerPage;
        this.gate = new DiscoveryGate(minWindow);
    }

    private KindRole role(String kind) {
        KindRole r = roles.apply(kind);
        return r == null ? KindRole.OTHER : r;
    }

    /** Records a finished request's latency and size, for the cost model. */
    public void observe(String kind, long latencyNanos, long bytes) {
        cost.observe(kind, latencyNanos, bytes);
    }

    /** The running follower threshold for tier 2. */
    public double topThreshold() {
        return followers.quantile(TOP_QUANTILE);
    }

    public KindCost cost() {
        return cost;
    }

    public DiscoveryGate gate() {
        return gate;
    }

    public EdgeLedger ledger() {
        return ledger;
    }

    /** A captured profile: its counts feed the follower percentile and the edge ledger. */
    public void learnProfile(ProfileObservation p) {
        if (p == null || p.userId() == null) return;
        long f = p.followers() == null ? 0 : Math.max(p.followers().value(), p.followers().high());
        long g = p.following() == null ? 0 : Math.max(p.following().value(), p.following().high());
        ledger.announce(p.userId(), f, g);
        followers.add(f);
        lessonProfile = p.userId();
        lessonFollowers = f;
        lessonFollowing = g;
    }

    /** A captured follower/following page of {@code owner}'s list: the edges it shows. */
    public void learnList(String kind, String owner, List<FollowEdge> edges) {
        KindRole role = role(kind);
        if (owner == null || !role.isFollowList()) return;
        boolean followersList = role == KindRole.FOLLOWER_LIST;
        List<String> others = new ArrayList<>(edges.size());
        for (FollowEdge e : edges) {
            String other = followersList ? e.followerId() : e.followeeId();
            if (other != null) others.add(other);
        }
        if (others.size() > listPage) listPage = others.size();
        ledger.page(owner, followersList, others);
        lessonListKind = kind;
        lessonListOwner = owner;
        lessonOthers = others;
    }

    /**
     * Re-tiers requests discovered by one capture.
     *
     * @param parentKind the kind of the captured item
     * @param parentTier its tier
     * @param parentValue its value
     * @param discovered what it links to
     * @param newProfiles how many profiles among {@code discovered} the frontier did not know yet
     * @param profile for a profile capture, what it says (its post count values its first posts page); else null
     */
    public List<CrawlRequest> apply(String parentKind, int parentTier, double parentValue, List<CrawlRequest> discovered,
                                    int newProfiles, ProfileObservation profile) {
        boolean discoveryPage = role(parentKind).isFollowList() && parentTier == Tier.PROFILES.number();
        if (discoveryPage) gate.discoveryPage(newProfiles);
        else gate.otherCapture(newProfiles);
        lesson = new ScheduleLesson(lessonProfile, lessonFollowers, lessonFollowing, lessonListKind, lessonListOwner,
                lessonOthers, discoveryPage, newProfiles);
        lessonProfile = null;
        lessonListKind = null;
        lessonListOwner = null;
        lessonOthers = null;
        List<CrawlRequest> out = new ArrayList<>(discovered.size());
        for (CrawlRequest r : discovered) out.add(retier(r, parentKind, parentTier, parentValue, profile));
        return out;
    }

    private ScheduleLesson lesson;

    /** What the last {@link #apply} learnt (with the profile or list before it), once; null if nothing since. */
    public ScheduleLesson takeLesson() {
        ScheduleLesson l = lesson;
        lesson = null;
        return l;
    }

    /** Learns again what a capture taught (a resumed crawl replays the frontier's lessons in order). */
    public void replay(ScheduleLesson l) {
        if (l.profileId() != null) {
            ledger.announce(l.profileId(), l.followers(), l.following());
            followers.add(l.followers());
        }
        if (l.listOwner() != null && l.others() != null) {
            if (l.others().size() > listPage) listPage = l.others().size();
            ledger.page(l.listOwner(), role(l.listKind()) == KindRole.FOLLOWER_LIST, l.others());
        }
        if (l.discoveryPage()) gate.discoveryPage(l.newProfiles());
        else gate.otherCapture(l.newProfiles());
    }

    /**
     * The scheduling state, for tests comparing a resumed scheduler with an uninterrupted one: the follower
     * histogram's quantiles, the page size, the gate, and the ledger's accounts and unseen edges for {@code owners}.
     */
    public String describe(Iterable<String> owners) {
        StringBuilder sb = new StringBuilder();
        sb.append("profiles=").append(followers.count()).append(" listPage=").append(listPage)
                .append(" gate=").append(gate.describe()).append(" accounts=").append(ledger.accounts()).append(" q=");
        for (double q = 0.1; q < 1; q += 0.1) sb.append(followers.quantile(q)).append(',');
        for (String o : owners) {
            sb.append(' ').append(o).append(':').append(ledger.followers(o)).append('/').append(ledger.unseen(o, true))
                    .append('/').append(ledger.unseen(o, false));
        }
        return sb.toString();
    }

    /**
     * A leased request, looked at again before it is fetched: null to fetch it now, else where it belongs
     * now (a discovery page whose list has no unseen edge left or after the gate closed goes to tier 4, one
     * whose score fell is queued again with it; a posts page moves between tiers 2 and 3 with the percentile).
     */
    public Placement reconsider(String kind, String owner, int tier, double value) {
        KindRole role = role(kind);
        if (role.isFollowList() && tier == Tier.PROFILES.number()) {
            double score = discoveryScore(role, owner);
            if (!gate.open() || score <= 0) return new Placement(Tier.EDGES.number(), 0);
            double queuedWith = value < 0 ? -1.0 / value - 1.0 : Double.POSITIVE_INFINITY;
            if (score < RESCORE_BELOW * queuedWith) return new Placement(tier, discoveryValue(score));
            return null;
        }
        if (role == KindRole.POST_LIST && (tier == Tier.TOP_POSTS.number() || tier == Tier.POSTS.number())) {
            long f = owner == null ? -1 : ledger.followers(owner);
            if (f < 0) return null;
            boolean top = isTop(f) && value > 0;
            if (top && tier == Tier.POSTS.number()) return new Placement(Tier.TOP_POSTS.number(), value);
            if (!top && tier == Tier.TOP_POSTS.number()) return new Placement(Tier.POSTS.number(), value);
        }
        return null;
    }

    private CrawlRequest retier(CrawlRequest r, String parentKind, int parentTier, double parentValue,
                                ProfileObservation profile) {
        String kind = r.kind();
        boolean continuation = kind.equals(parentKind);
        switch (role(kind)) {
            case PROFILE:
                return with(r, Tier.PROFILES, Math.max(0, r.value()));
            case POST_LIST: {
                if (continuation) return with(r, Tier.of(Math.max(1, Math.min(5, parentTier))), parentValue);
                long posts = profile == null || profile.posts() == null ? postsPerPage : Math.max(0, profile.posts().value());
                double value = Math.max(0, r.value()) * Math.min(postsPerPage, posts);
                return with(r, isTop(r.value()) && value > 0 ? Tier.TOP_POSTS : Tier.POSTS, value);
            }
            case FOLLOWER_LIST:
            case FOLLOWING_LIST: {
                double score = gate.open() ? discoveryScore(role(kind), r.owner()) : 0;
                if (score > 0) return with(r, Tier.PROFILES, discoveryValue(score));
                return with(r, Tier.EDGES, Math.max(0, continuation ? parentValue : r.value()) / cost.cost(kind));
            }
            case EDGES:
                return with(r, Tier.EDGES, Math.max(0, r.value()) / cost.cost(kind));
            case MEDIA:
                return with(r, Tier.MEDIA, Math.max(0, r.value()) / cost.cost(kind));
            default:
                return r;
        }
    }

    /** Profiles a list page can still reveal, at most: its list's unseen edges, at most a page (a page when unknown). */
    double discoveryScore(KindRole role, String owner) {
        long unseen = owner == null ? -1 : ledger.unseen(owner, role == KindRole.FOLLOWER_LIST);
        return unseen < 0 ? listPage : Math.min(listPage, unseen);
    }

    /** Tier-1 list pages sort after every profile (value ≥ 0), higher scores first. */
    static double discoveryValue(double score) {
        return -1.0 / (1.0 + score);
    }

    private boolean isTop(double f) {
        return followers.count() > 0 && f >= topThreshold();
    }

    private static CrawlRequest with(CrawlRequest r, Tier t, double value) {
        return r.placed(t.number(), value);
    }
}
