package io.lastlight.crawl;

import io.lastlight.frontier.FrontierStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code OUT/coverage.json}: how a crawl session ended and how much of what it found it captured, by kind
 * (queued items are known but not yet captured, e.g. when the platform went dark). Written atomically at
 * the end of every session; the WARC files remain the evidence.
 */
public final class Coverage {
    private Coverage() {}

    public static Path file(CrawlConfig cfg) {
        return cfg.out().resolve("coverage.json");
    }

    static void write(CrawlConfig cfg, CrawlSummary s, Clock clock) throws IOException {
        write(cfg, s, clock, java.util.List.of(), null);
    }

    /**
     * As above, with per-tier figures ({@code by_tier}: captured, known but not captured, estimated unknown)
     * and, with a deadline, the plan at the end ({@code plan}: throughput, time left, projected coverage per tier).
     */
    static void write(CrawlConfig cfg, CrawlSummary s, Clock clock, java.util.List<io.lastlight.schedule.TierCounts> tiers,
                      io.lastlight.schedule.Projection plan) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
        m.put("finished_at", clock.instant().toString());
        m.put("platform", cfg.platform());
        m.put("base", cfg.base().toString());
        m.put("total", counts(s.frontier()));
        Map<String, Object> kinds = new LinkedHashMap<>();
        s.byKind().forEach((k, v) -> kinds.put(k, counts(v)));
        m.put("by_kind", kinds);
        m.put("schedule", cfg.order().name().toLowerCase(Locale.ROOT));
        if (cfg.deadline() != null) m.put("deadline", cfg.deadline().toString());
        if (!tiers.isEmpty()) {
            Map<String, Object> byTier = new LinkedHashMap<>();
            for (io.lastlight.schedule.TierCounts t : tiers) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("tier", t.tier().number());
                c.put("captured", t.done());
                c.put("known_not_captured", t.knownNotCaptured());
                c.put("failed", t.failed());
                c.put("estimated_unknown", t.estimatedUnknown());
                c.put("coverage", t.total() == 0 ? 1.0 : Math.round(t.done() * 10000.0 / t.total()) / 10000.0);
                byTier.put(t.tier().label(), c);
            }
            m.put("by_tier", byTier);
        }
        if (plan != null && Double.isFinite(plan.secondsLeft())) { // the plan only means something against a deadline
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("throughput_per_s", Math.round(plan.throughputPerSecond() * 10) / 10.0);
            p.put("seconds_left", Math.round(plan.secondsLeft()));
            p.put("projected_coverage_at_deadline", Progress.projected(plan));
            Map<String, Object> status = new LinkedHashMap<>();
            for (var t : plan.tiers()) status.put(t.tier().label(), t.status().name().toLowerCase(Locale.ROOT));
            p.put("status", status);
            m.put("plan", p);
        }
        PolicyRefusals policy = s.stats().policy;
        if (policy.total() > 0) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("what", PolicyRefusals.LABEL);
            p.put("accounts", policy.accounts());
            p.put("items", policy.total());
            p.put("by_kind", policy.byKind());
            p.put("reasons", policy.reasons());
            p.put("how_to_lift", cfg.tokenEnv() == null ? "crawl again with a token for your own account: --token-env NAME"
                    : "the token given does not lift it");
            m.put("platform_policy", p);
        }
        if (s.stats().failures.total() > 0) m.put("failures", s.stats().failures.byKind());
        SeedWatch.Report seeds = s.seeds();
        if (!seeds.seeds().isEmpty() && (!seeds.failed().isEmpty() || !seeds.resolved().isEmpty())) {
            Map<String, Object> sd = new LinkedHashMap<>();
            sd.put("given", seeds.seeds());
            sd.put("resolved", seeds.resolved());
            sd.put("failed", seeds.failed());
            if (!seeds.failedAt().isEmpty()) sd.put("failed_at", seeds.failedAt());
            if (!seeds.failedEarlier().isEmpty()) sd.put("failed_in_earlier_run", seeds.failedEarlier());
            m.put("seeds", sd);
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("requests", s.stats().requests.get());
        st.put("captures", s.stats().captures.get());
        st.put("revisits", s.stats().revisits.get());
        st.put("retries", s.stats().retries.get());
        st.put("transport_errors", s.stats().transportErrors.get());
        st.put("status_429", s.stats().status429.get());
        st.put("status_5xx", s.stats().status5xx.get());
        st.put("blocked", s.stats().blocked.get());
        st.put("truncated", s.stats().truncated.get());
        st.put("undecodable", s.stats().undecodable.get());
        st.put("redirects_out_of_scope", s.stats().redirectsOutOfScope.get());
        st.put("refused_addresses", s.stats().refusedAddresses.get());
        st.put("robots_disallowed", s.stats().robotsDisallowed.get());
        m.put("session", st);
        Path target = file(cfg);
        Path tmp = target.resolveSibling("coverage.json.tmp");
        Files.write(tmp, CrawlSession.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> counts(FrontierStats f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("captured", f.done());
        m.put("failed", f.failed());
        m.put("not_yet", f.queued() + f.leased());
        long total = f.total();
        m.put("coverage", total == 0 ? 1.0 : Math.round(f.done() * 10000.0 / total) / 10000.0);
        return m;
    }
}
