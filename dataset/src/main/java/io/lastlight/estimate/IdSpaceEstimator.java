package io.lastlight.estimate;

import io.lastlight.platform.IdSpace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates from id-space sampling: numbers drawn uniformly without replacement from a range of sequential ids
 * and probed (200 = an account holds the number, 404 = none does).
 * <ul>
 *   <li>Valid ids in the range = valid share × range size, with the Wilson 95% interval for the share scaled by
 *   the range size. Sampling without replacement makes the binomial interval conservative (the finite
 *   population correction only narrows it).</li>
 *   <li>The highest id in use ("German tank"): the valid numbers are a uniform sample of the ids in use, so
 *   m + m/k − 1 (shifted to start at the range's first number) with the interval [m, m·20^(1/k)].</li>
 * </ul>
 */
public final class IdSpaceEstimator {
    /** What the probes found: numbers tried with a definite answer, those that were valid, and inconclusive ones. */
    public record Evidence(IdSpace.Range range, boolean rangeInferred, long tried, List<Long> validNumbers, long inconclusive,
                           String kind) {
        public long valid() {
            return validNumbers.size();
        }
    }

    private IdSpaceEstimator() {}

    public static List<UserEstimate> estimate(Evidence e) {
        List<UserEstimate> out = new ArrayList<>();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("id_kind", e.kind());
        ev.put("id_range", e.range().toString());
        ev.put("range_size", e.range().size());
        ev.put("range_inferred", e.rangeInferred());
        ev.put("ids_tried", e.tried());
        ev.put("ids_valid", e.valid());
        ev.put("ids_invalid", e.tried() - e.valid());
        ev.put("probes_inconclusive", e.inconclusive());
        List<String> notes = new ArrayList<>();
        if (e.rangeInferred()) {
            notes.add("the range was inferred from the probed numbers (their extremes widened by one average gap); "
                    + "pass --id-range A-B exactly as given to 'lastlight crawl' for the exact range");
        }
        if (e.inconclusive() > 0) {
            notes.add(e.inconclusive() + " probes had no definite answer (not 200/404: errors, rate limits, block pages) and are left out;"
                    + " if failures depend on whether the id exists, the share is biased");
        }
        List<String> assumptions = List.of(
                "the probed numbers are a uniform random sample of the range (lastlight crawl --sample-ids draws them so)",
                "HTTP 200 means an account holds the number and 404 means none does (deleted or never-used numbers answer 404)",
                "the count is of numbers in the range only: accounts numbered outside it are not counted");
        if (e.tried() == 0) {
            out.add(new UserEstimate("id-space sampling", "accounts numbered in " + e.range(), null, null, null,
                    "no definite probe answers", ev, assumptions, notes));
            return out;
        }
        Intervals.Interval share = Intervals.wilson(e.valid(), e.tried(), Intervals.Z95);
        double size = e.range().size();
        ev.put("valid_share", Math.round(share.estimate() * 1e6) / 1e6);
        out.add(new UserEstimate("id-space sampling", "accounts numbered in " + e.range(), share.estimate() * size,
                share.low() * size, share.high() * size,
                "Wilson score 95% interval for the valid share (binomial; conservative for sampling without replacement), times the range size",
                ev, assumptions, notes));

        Map<String, Object> tank = new LinkedHashMap<>(ev);
        List<String> tankNotes = new ArrayList<>(notes);
        if (e.valid() == 0) {
            out.add(new UserEstimate("maximum id (German tank)", "highest account number in use", null, null, null,
                    "no valid ids found", tank, tankAssumptions(), tankNotes));
            return out;
        }
        long shift = e.range().first() - 1;
        long max = e.validNumbers().stream().mapToLong(Long::longValue).max().orElseThrow();
        Intervals.Interval t = Intervals.germanTank(max - shift, e.valid());
        tank.put("max_valid_id", max);
        double hi = shift + t.high();
        if (hi > e.range().last()) {
            tankNotes.add("the interval reaches past the range's end " + e.range().last()
                    + ": numbers above the range may be in use; sample a wider --id-range to bound the id space");
        }
        out.add(new UserEstimate("maximum id (German tank)", "highest account number in use", shift + t.estimate(), shift + t.low(), hi,
                "95% interval [m, m*20^(1/k)] for the maximum of k uniform draws (m counted from the range's first number)",
                tank, tankAssumptions(), tankNotes));
        return out;
    }

    private static List<String> tankAssumptions() {
        return List.of("numbers are handed out sequentially from the range's first number, so the valid probes are a uniform sample of 1..N",
                "it bounds the id space in use, not the account count: gaps (deleted or skipped numbers) sit below the maximum");
    }
}
