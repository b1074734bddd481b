package io.lastlight.estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Capture–recapture between two discovery routes: Chapman's estimator with Chao's log-normal 95% interval. */
public final class CaptureRecapture {
    private CaptureRecapture() {}

    public static UserEstimate estimate(String method, String estimand, String routeA, long n1, String routeB, long n2, long m,
                                        List<String> extraAssumptions) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("route_a", routeA);
        ev.put("route_a_found", n1);
        ev.put("route_b", routeB);
        ev.put("route_b_found", n2);
        ev.put("found_by_both", m);
        ev.put("found_by_either", n1 + n2 - m);
        List<String> assumptions = new ArrayList<>(List.of(
                "closed population: no accounts join or leave between the two routes",
                "the routes find accounts independently of each other",
                "every account is equally likely to be found by a route (heterogeneity, e.g. popular accounts found by both, biases the estimate low)"));
        assumptions.addAll(extraAssumptions);
        List<String> notes = new ArrayList<>();
        String how = "Chapman estimator (n1+1)(n2+1)/(m+1) - 1; Chao's log-normal 95% interval with Seber's variance (lower bound >= accounts seen)";
        if (n1 == 0 || n2 == 0) {
            notes.add("a route found no accounts: nothing to estimate");
            return new UserEstimate(method, estimand, null, null, null, how, ev, assumptions, notes);
        }
        if (m == 0) {
            notes.add("the routes share no accounts: the population is unbounded by this evidence");
            Intervals.Interval i = Intervals.chapman(n1, n2, m, Intervals.Z95);
            return new UserEstimate(method, estimand, i.estimate(), (double) (n1 + n2), null, how, ev, assumptions, notes);
        }
        if (m < 7) notes.add("fewer than 7 accounts found by both routes: Chapman's estimate is unstable");
        Intervals.Interval i = Intervals.chapman(n1, n2, m, Intervals.Z95);
        return new UserEstimate(method, estimand, i.estimate(), i.low(), i.high(), how, ev, assumptions, notes);
    }
}
