package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Platform;

import java.util.List;
import java.util.Map;

/**
 * The deadline side of {@link CaptureHandler}: what a capture says feeds the tier policy, which tiers what it found,
 * and a profile's implied list pages feed the plan's unknowns.
 */
final class DiscoveryTiers {
    private final Platform platform;
    private final Frontier frontier;
    private final io.lastlight.schedule.TierPolicy policy;
    private final io.lastlight.schedule.DeadlineTracker tracker;

    DiscoveryTiers(Platform platform, Frontier frontier, io.lastlight.schedule.TierPolicy policy,
                   io.lastlight.schedule.DeadlineTracker tracker) {
        this.platform = platform;
        this.frontier = frontier;
        this.policy = policy;
        this.tracker = tracker;
    }

    /** One more fetch completed (the tracker's pace). */
    void completed() {
        tracker.completed();
    }

    /**
     * Deadline-aware tiers: what the capture says (a profile's counts, a list page's edges) and how many
     * profiles it revealed that the frontier did not know feed the policy, which then tiers what it found.
     */
    List<CrawlRequest> retier(FrontierItem item, Capture capture, List<CrawlRequest> found) {
        String kind = item.kind();
        io.lastlight.platform.KindRole role = platform.roleOf(kind);
        io.lastlight.platform.ProfileObservation profile = null;
        if (role == io.lastlight.platform.KindRole.PROFILE || role.isFollowList()) {
            io.lastlight.platform.Extraction x = platform.extract(capture);
            if (role == io.lastlight.platform.KindRole.PROFILE) {
                for (io.lastlight.platform.ProfileObservation p : x.profiles()) {
                    if (io.lastlight.platform.ProfileObservation.SOURCE_PROFILE.equals(p.source())) { profile = p; break; }
                }
                policy.learnProfile(profile);
            } else {
                policy.learnList(kind, item.owner(), x.follows());
            }
        }
        java.util.Set<String> profiles = new java.util.HashSet<>();
        for (CrawlRequest c : found) if (platform.roleOf(c.kind()) == io.lastlight.platform.KindRole.PROFILE) profiles.add(c.key());
        int fresh = profiles.isEmpty() ? 0 : profiles.size() - frontier.countKnown(profiles);
        return policy.apply(kind, item.tier(), item.value(), found, fresh, profile);
    }

    /** A profile's implied list pages, under the tier its first page of each kind went to: the plan's unknowns. */
    void expect(Capture capture, List<CrawlRequest> found) {
        Map<String, Long> pages = platform.expectedPages(capture);
        if (pages.isEmpty()) return;
        pages.forEach((kind, n) -> {
            int tier = io.lastlight.schedule.Tier.EDGES.number();
            for (CrawlRequest c : found) if (c.kind().equals(kind)) { tier = c.tier(); break; }
            tracker.expect(kind, tier, n);
            frontier.expectPages(kind, tier, n);
        });
    }
}
