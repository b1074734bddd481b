package io.lastlight.schedule;

import io.lastlight.platform.CrawlRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Deadline-aware tiers for requests a capture discovered, applied before they go to the frontier (in
 * {@code --schedule tiered}; FIFO leaves requests alone). Kinds are the adapters' names ({@code profile},
 * {@code posts}, {@code followers}, {@code following}, {@code comments}, {@code user-comments},
 * {@code media}, {@code html-*}); other kinds keep the adapter's tier.
 * <ul>
 * <li>Profiles: tier 1.</li>
 * <li>Follower/following pages discover profiles: a list's first page goes to tier 1; a continuation page
 *     goes to tier 1 only if the page that linked to it revealed at least one profile the frontier did not
 *     know yet (measured yield), else tier 4. In tier 1 such pages sort after every profile: their value is
 *     {@code -1/(1+p)} with {@code p} the yield (new profiles, or the owner's followers for a first page)
 *     per cost, always below a profile's value (≥ 0).</li>
 * <li>Posts pages: tier 2 when the owner's follower count (the request's value) is at or above the
 *     running 90th percentile of the follower counts of profiles captured so far, else tier 3.
 *     Continuation pages keep their list's tier and value, so a list is read newest first.</li>
 * <li>Comments: tier 4; media and HTML pages: tier 5.</li>
 * </ul>
 * Within a tier the frontier sorts by value, which here is value per cost: the adapter's value (followers)
 * divided by the measured {@link KindCost} of the kind. The state is in memory; after a resume it is
 * learnt again from new captures.
 */
public final class TierPolicy {
    public static final double TOP_QUANTILE = 0.9;

    private final FollowerHistogram followers = new FollowerHistogram();
    private final KindCost cost = new KindCost();

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

    /**
     * Re-tiers requests discovered by one capture.
     *
     * @param parentKind the kind of the captured item
     * @param parentTier its tier
     * @param parentValue its (already re-tiered) value
     * @param newProfiles how many profiles among {@code discovered} the frontier did not know yet
     */
    public List<CrawlRequest> apply(String parentKind, int parentTier, double parentValue, List<CrawlRequest> discovered,
                                    int newProfiles) {
        if ("profile".equals(parentKind)) {
            for (CrawlRequest r : discovered) if (r.kind().equals("posts")) { followers.add(r.value()); break; }
        }
        List<CrawlRequest> out = new ArrayList<>(discovered.size());
        for (CrawlRequest r : discovered) out.add(retier(r, parentKind, parentTier, parentValue, newProfiles));
        return out;
    }

    private CrawlRequest retier(CrawlRequest r, String parentKind, int parentTier, double parentValue, int newProfiles) {
        String kind = r.kind();
        boolean continuation = kind.equals(parentKind);
        switch (kind) {
            case "profile":
                return with(r, Tier.PROFILES, Math.max(0, r.value()) / cost.cost(kind));
            case "posts":
                if (continuation) return with(r, Tier.of(Math.max(1, Math.min(5, parentTier))), parentValue);
                return with(r, r.value() >= topThreshold() && followers.count() > 0 ? Tier.TOP_POSTS : Tier.POSTS,
                        Math.max(0, r.value()) / cost.cost(kind));
            case "followers":
            case "following": {
                double yield = continuation ? newProfiles : Math.max(0, r.value()) + 1;
                if (!continuation || newProfiles > 0) {
                    double p = yield / cost.cost(kind);
                    return with(r, Tier.PROFILES, -1.0 / (1.0 + p));
                }
                return with(r, Tier.EDGES, 0);
            }
            case "comments":
            case "user-comments":
                return with(r, Tier.EDGES, Math.max(0, r.value()) / cost.cost(kind));
            case "media":
                return with(r, Tier.MEDIA, Math.max(0, r.value()) / cost.cost(kind));
            default:
                if (kind.startsWith("html-")) return with(r, Tier.MEDIA, Math.max(0, r.value()) / cost.cost(kind));
                return r;
        }
    }

    private static CrawlRequest with(CrawlRequest r, Tier t, double value) {
        return new CrawlRequest(r.uri(), r.kind(), r.key(), t.number(), value);
    }
}
