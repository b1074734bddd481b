package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.platform.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What became of the {@code --seed-user} lookups ({@link Platform#userLookedUp}): which seeds resolved (a 2xx the
 * adapter took as complete, remembered in the frontier so a {@code --resume} knows) and why the others failed in this
 * run. A crawl that finishes having tried seeds and resolved none has crawled nothing it was asked to: a wrong
 * {@code --base}, a mistyped name or robots.txt; {@link CrawlCommand} says so and exits {@link CrawlCommand#EXIT_NO_SEEDS}.
 * A redirected lookup counts for its seed through the chain's first key ({@link RedirectChain#rootKey}). Why a seed
 * failed is kept in the frontier too ({@value #META_FAILED}: seed → reason and when), so the coverage report of a
 * {@code --resume} still says it; a seed that resolves later leaves it. Thread-safe.
 */
final class SeedWatch {
    static final String META_RESOLVED = "seeds_resolved";
    /** Meta key: a JSON object, seed (as given) → {"reason": why it failed, "failed_at": when, on the crawl's clock}. */
    static final String META_FAILED = "seeds_failed";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Platform platform;
    private final Frontier frontier;
    /** Normalised name → the name as given. */
    private final Map<String, String> seeds = new LinkedHashMap<>();
    /** Frontier key of a lookup → its seed (so a redirect chain started by a lookup counts for the seed). */
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final Set<String> resolved = ConcurrentHashMap.newKeySet();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    /** Seeds that failed for what the answer was (not found, HTML, robots.txt, a loop), not because the server was down. */
    private final Set<String> definitive = ConcurrentHashMap.newKeySet();
    /** When each failed seed failed (this run or, from the frontier, an earlier one). */
    private final Map<String, String> failedAt = new ConcurrentHashMap<>();
    /** Failed seeds known from an earlier run of this crawl only (not tried again in this one). */
    private final Set<String> earlier = ConcurrentHashMap.newKeySet();
    private final java.time.Clock clock;

    SeedWatch(Platform platform, Frontier frontier, List<String> seedUsers, java.time.Clock clock) {
        this.platform = platform;
        this.frontier = frontier;
        this.clock = clock;
        for (String s : seedUsers) seeds.putIfAbsent(normalise(s), s);
        frontier.getMeta(META_RESOLVED).ifPresent(v -> {
            for (String s : v.split("\n")) if (!s.isEmpty()) resolved.add(s);
        });
        storedFailures().forEach((seed, f) -> {
            if (resolved.contains(normalise(seed)) || !seeds.containsKey(normalise(seed))) return;
            failed.put(seed, f.path("reason").asText(""));
            if (f.hasNonNull("failed_at")) failedAt.put(seed, f.get("failed_at").asText());
            earlier.add(seed);
        });
    }

    /** The failures kept in the frontier, seed → {"reason", "failed_at"} (empty when none or unreadable). */
    private Map<String, com.fasterxml.jackson.databind.JsonNode> storedFailures() {
        Map<String, com.fasterxml.jackson.databind.JsonNode> out = new TreeMap<>();
        frontier.getMeta(META_FAILED).ifPresent(v -> {
            try {
                JSON.readTree(v).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            } catch (java.io.IOException e) {
                // written by this class; unreadable only if edited by hand: the failures are not known then
            }
        });
        return out;
    }

    /**
     * Writes a seed's failure ({@code reason} non-null) or its resolution (null) into the frontier's record, merged
     * with what is there (in a shared crawl other workers write it too).
     */
    private synchronized void store(String seed, String reason, String at) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> all = storedFailures();
        if (reason == null && !all.containsKey(seed)) return;
        if (reason == null) {
            all.remove(seed);
        } else {
            com.fasterxml.jackson.databind.node.ObjectNode f = JSON.createObjectNode();
            f.put("reason", reason);
            f.put("failed_at", at);
            all.put(seed, f);
        }
        try {
            frontier.putMeta(META_FAILED, JSON.writeValueAsString(all));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String user) {
        String s = user == null ? "" : user.trim();
        if (s.startsWith("@")) s = s.substring(1);
        return s.toLowerCase(Locale.ROOT);
    }

    /** The seed user (as given) this item looks up, directly or as a redirect from a lookup; null for any other item. */
    String seedOf(FrontierItem item) {
        String byRoot = byKey.get(RedirectChain.rootKey(item.key()));
        if (byRoot != null) return byRoot;
        String name = platform.userLookedUp(item.uri()).map(SeedWatch::normalise).orElse(null);
        String seed = name == null ? null : seeds.get(name);
        if (seed != null) byKey.put(item.key(), seed);
        return seed;
    }

    /** The item was captured and accepted. */
    void resolved(FrontierItem item) {
        String seed = seedOf(item);
        if (seed == null) return;
        attempted.add(seed);
        failed.remove(seed);
        failedAt.remove(seed);
        earlier.remove(seed);
        if (resolved.add(normalise(seed))) {
            frontier.putMeta(META_RESOLVED, String.join("\n", new java.util.TreeSet<>(resolved)));
            store(seed, null, null);
        }
    }

    /**
     * The item failed for good, for this reason.
     *
     * @param outage it failed as items of a server that is down do (5xx, no answer): that is the crawl's outage, not
     *               the seed's, and is reported as such
     */
    void failed(FrontierItem item, String reason, boolean outage) {
        String seed = seedOf(item);
        if (seed == null) return;
        attempted.add(seed);
        if (resolved.contains(normalise(seed))) return;
        String at = clock.instant().toString();
        String was = failed.put(seed, reason);
        failedAt.put(seed, at);
        earlier.remove(seed);
        if (!outage) definitive.add(seed);
        if (!reason.equals(was)) store(seed, reason, at);
    }

    /** What became of the seeds, for the summary, coverage.json and the exit code. */
    Report report() {
        List<String> ok = new ArrayList<>();
        for (Map.Entry<String, String> e : seeds.entrySet()) if (resolved.contains(e.getKey())) ok.add(e.getValue());
        return new Report(List.copyOf(seeds.values()), ok, new TreeMap<>(failed), !attempted.isEmpty() && !definitive.isEmpty(),
                new TreeMap<>(failedAt), List.copyOf(new java.util.TreeSet<>(earlier)));
    }

    /**
     * @param resolved the seeds resolved (in any run of this crawl)
     * @param failed the seeds that failed (in this run, or in an earlier one and not tried since) and never resolved,
     *               with the reason
     * @param failedForCause whether a seed lookup failed in this run for what the answer was (not found, HTML, robots.txt,
     *                     a loop; not a server that was down); a resumed crawl past its seeds tries none
     * @param failedAt when each failed seed failed (the crawl's clock; absent for failures recorded before it was kept)
     * @param failedEarlier the failed seeds whose failure is from an earlier run of this crawl (a --resume)
     */
    record Report(List<String> seeds, List<String> resolved, Map<String, String> failed, boolean failedForCause,
                  Map<String, String> failedAt, List<String> failedEarlier) {
        static final Report NONE = new Report(List.of(), List.of(), Map.of(), false);

        Report(List<String> seeds, List<String> resolved, Map<String, String> failed, boolean failedForCause) {
            this(seeds, resolved, failed, failedForCause, Map.of(), List.of());
        }

        /** Seeds were tried in this run, some failed, and none has ever resolved: the crawl had nothing to start from. */
        boolean noneResolved() {
            return failedForCause && resolved.isEmpty() && !failed.isEmpty();
        }

        /** One line: every failed seed with its reason, then what the reasons suggest. */
        String message(String base, String warcDir) {
            StringBuilder sb = new StringBuilder("no seed user could be resolved on " + base + " (");
            int i = 0;
            for (Map.Entry<String, String> e : failed.entrySet()) {
                if (i++ > 0) sb.append("; ");
                sb.append(e.getKey()).append(": ").append(e.getValue());
            }
            sb.append("), so nothing was crawled from them: ");
            String all = String.join(" ", failed.values()).toLowerCase(Locale.ROOT);
            List<String> hints = new ArrayList<>();
            if (all.contains("robots")) hints.add("robots.txt forbids the lookups (check it; --ignore-robots is for archival"
                    + " emergencies only)");
            if (all.contains("html") || all.contains("json") || all.contains("redirect")) {
                hints.add("the answers are not the platform's API: is --base wrong (it must be the API root, e.g."
                        + " https://mastodon.example) or is the server down for maintenance?");
            }
            if (all.contains("not found")) hints.add("check the spelling of --seed-user and that --base is the server they are on");
            if (hints.isEmpty()) hints.add("check --base, --seed-user and the 'failed' events in the log");
            sb.append(String.join("; ", hints));
            sb.append(". The answers are in ").append(warcDir);
            return sb.toString();
        }
    }
}
