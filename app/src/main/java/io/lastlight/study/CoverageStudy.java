package io.lastlight.study;

import io.lastlight.estimate.*;
import io.lastlight.platform.IdSpace;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.world.World;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the estimators' 95% intervals against simulated worlds whose truth is known: for each seeded world,
 * draw ids exactly as {@code lastlight crawl --sample-ids} does ({@link IdSpace#sample}), answer each probe as
 * the simulator's {@code /v3/uuidConversion/user/N} would (valid unless a gap or past the last account), run
 * the estimators, and count how often each interval holds the truth. The simulator numbers accounts
 * sequentially with gaps (every 97th number unused), so the valid count differs from the range size and from
 * the maximum id.
 */
public final class CoverageStudy {
    /** One world's figures. */
    public record WorldResult(long seed, int users, IdSpace.Range range, long truthValid, long truthMaxId,
                              UserEstimate sampling, UserEstimate tank, UserEstimate recapture) {}

    /** Coverage counts over all worlds. */
    public record Summary(int worlds, int idsPerWorld, int samplingCovered, int tankCovered, int recaptureCovered,
                          double meanRelHalfWidthSampling, double meanRelHalfWidthRecapture, List<WorldResult> results) {}

    private CoverageStudy() {}

    /**
     * @param worlds number of seeded worlds (seeds 1..worlds)
     * @param ids ids probed per pass
     * @param minUsers smallest world; world i has minUsers + (i * 7919 % minUsers) accounts
     */
    public static Summary run(int worlds, int ids, int minUsers) {
        List<WorldResult> results = new ArrayList<>();
        int s = 0, t = 0, r = 0;
        double ws = 0, wr = 0;
        for (int i = 1; i <= worlds; i++) {
            int users = minUsers + (int) ((long) i * 7919 % minUsers);
            World w = new World(SimConfig.builder().users(users).seed(i).build());
            long max = w.maxUserNumber();
            // the range a journalist would choose: past the last known id by a quarter, so the id space end is inside
            IdSpace.Range range = new IdSpace.Range(1, max + max / 4);
            long truthValid = 0;
            for (long n = range.first(); n <= range.last(); n++) if (w.userIndexOfNumber(n) >= 0) truthValid++;
            Map<Long, Boolean> pass1 = probe(w, range, ids, 1000L * i + 1);
            Map<Long, Boolean> pass2 = probe(w, range, ids, 1000L * i + 2);
            List<UserEstimate> est = IdSpaceEstimator.estimate(IdProbes.evidence(pass1, range, "user"));
            UserEstimate sampling = est.get(0), tank = est.get(1);
            long n1 = pass1.values().stream().filter(Boolean::booleanValue).count();
            long n2 = pass2.values().stream().filter(Boolean::booleanValue).count();
            long m = pass1.entrySet().stream().filter(e -> e.getValue() && Boolean.TRUE.equals(pass2.get(e.getKey()))).count();
            UserEstimate rc = CaptureRecapture.estimate("capture-recapture (two id-sampling passes)", "accounts numbered in " + range,
                    "pass 1", n1, "pass 2", n2, m, List.of());
            if (covers(sampling, truthValid)) s++;
            if (covers(tank, max)) t++;
            if (covers(rc, truthValid)) r++;
            ws += (sampling.high() - sampling.low()) / 2 / truthValid;
            if (rc.high() != null) wr += (rc.high() - rc.low()) / 2 / truthValid;
            results.add(new WorldResult(i, users, range, truthValid, max, sampling, tank, rc));
        }
        return new Summary(worlds, ids, s, t, r, ws / worlds, wr / worlds, results);
    }

    static Map<Long, Boolean> probe(World w, IdSpace.Range range, int n, long seed) {
        Map<Long, Boolean> out = new TreeMap<>();
        for (long number : IdSpace.sample(range, n, seed)) out.put(number, w.userIndexOfNumber(number) >= 0);
        return out;
    }

    public static boolean covers(UserEstimate e, double truth) {
        return e.low() != null && e.high() != null && e.low() <= truth && truth <= e.high();
    }
}
