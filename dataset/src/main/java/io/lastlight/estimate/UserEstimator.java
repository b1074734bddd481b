package io.lastlight.estimate;

import io.lastlight.platform.IdSpace;
import io.lastlight.query.Dataset;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs every user-count estimator the evidence in one dataset (and optionally a second one) supports. */
public final class UserEstimator {
    private UserEstimator() {}

    public static List<UserEstimate> estimate(Path dataset, Path recapture, IdSpace.Range range, String kind) throws SQLException {
        List<UserEstimate> out = new ArrayList<>();
        Map<Long, Boolean> probesA;
        Set<String> follow, posts, profilesA;
        try (Connection c = Dataset.open(dataset)) {
            probesA = IdProbes.read(c, kind);
            follow = DiscoveryRoutes.followLists(c);
            posts = DiscoveryRoutes.postLists(c);
            profilesA = DiscoveryRoutes.allProfiles(c);
        }
        if (!probesA.isEmpty()) {
            IdSpaceEstimator.Evidence e = IdProbes.evidence(probesA, range, kind);
            if (e != null) out.addAll(IdSpaceEstimator.estimate(e));
        }
        if (!follow.isEmpty() || !posts.isEmpty()) {
            out.add(CaptureRecapture.estimate("capture-recapture (follow lists vs post lists)",
                    "accounts reachable by the crawl's discovery routes",
                    "accounts listed in follower/following pages", follow.size(),
                    "authors named in post lists (incl. echoed posts)", posts.size(),
                    DiscoveryRoutes.overlap(follow, posts),
                    List.of("both routes come from the same crawl and follow the same graph, so they are positively dependent:"
                            + " read the estimate as a floor for the reachable population, not the platform's total")));
        }
        if (recapture != null) {
            Map<Long, Boolean> probesB;
            Set<String> profilesB;
            try (Connection c = Dataset.open(recapture)) {
                probesB = IdProbes.read(c, kind);
                profilesB = DiscoveryRoutes.allProfiles(c);
            }
            out.add(CaptureRecapture.estimate("capture-recapture (two datasets)", "accounts either capture could reach",
                    "profiles in " + dataset, profilesA.size(), "profiles in " + recapture, profilesB.size(),
                    DiscoveryRoutes.overlap(profilesA, profilesB),
                    List.of("the two captures were made independently (e.g. different seeds, hashtag vs follower discovery)")));
            if (!probesA.isEmpty() && !probesB.isEmpty()) {
                Set<String> validA = valid(probesA, range), validB = valid(probesB, range);
                out.add(CaptureRecapture.estimate("capture-recapture (two id-sampling passes)",
                        "accounts numbered in " + (range == null ? "the probed range" : range.toString()),
                        "valid ids probed in " + dataset, validA.size(), "valid ids probed in " + recapture, validB.size(),
                        DiscoveryRoutes.overlap(validA, validB),
                        List.of("each pass is a uniform random sample of the range drawn with its own seed (--sample-seed)")));
            }
        }
        return out;
    }

    private static Set<String> valid(Map<Long, Boolean> probes, IdSpace.Range range) {
        Set<String> out = new java.util.HashSet<>();
        probes.forEach((n, ok) -> {
            if (Boolean.TRUE.equals(ok) && (range == null || (n >= range.first() && n <= range.last()))) out.add(Long.toString(n));
        });
        return out;
    }
}
