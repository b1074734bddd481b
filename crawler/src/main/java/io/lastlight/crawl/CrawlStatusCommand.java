package io.lastlight.crawl;

import io.lastlight.core.UserException;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierStats;
import io.lastlight.frontier.PgCrawlReader;
import io.lastlight.frontier.PostgresTarget;
import io.lastlight.frontier.SharedState;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.frontier.WorkerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/**
 * {@code lastlight crawl status}: a crawl's workers, its queue by tier, its coverage and its projection,
 * read without joining it.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a crawl's workers (alive, leases held, rate, last seen), its queue by tier, its coverage"
                + " (captured, not yet, estimated unknown) and its projection: at the live workers' rate, what it"
                + " will have by its deadline.",
                "A worker is alive while its process holds its name in the database; a dead worker's leases go back " +
                "to the queue after --lease-ttl, or at once when it is started again under the same name."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  status shown", "  1  runtime failure (e.g. the database cannot be reached, no crawl in --out)",
                "  2  bad usage"})
public final class CrawlStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--frontier", paramLabel = "URL", description = "The shared crawl: postgresql://HOST[:PORT]/DB.")
    String frontier;

    @Option(names = "--password-env", paramLabel = "NAME", description = "Environment variable holding the database password (default: PGPASSWORD).")
    String passwordEnv;

    @Option(names = "--out", paramLabel = "DIR", description = "A one-process crawl's output directory (its frontier.db), instead of --frontier.")
    Path out;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if ((frontier == null) == (out == null)) throw new UserException("give --frontier postgresql://… or --out DIR (one of them)");
        Map<Integer, Map<String, FrontierStats>> byTier;
        Map<String, Map<Integer, Long>> expected = Map.of();
        OptionalDouble throughput = OptionalDouble.empty();
        Optional<String> settings;
        if (frontier != null) {
            PostgresTarget t = PostgresTarget.parse(frontier, System::getenv, passwordEnv);
            SharedState st = PgCrawlReader.status(t).orElseThrow(() -> new UserException("no crawl in " + t.display()
                    + " yet (the first worker creates it)"));
            w.println("crawl: " + t.display());
            printWorkers(w, st.workers());
            byTier = st.byTierAndKind();
            expected = st.expectedPages();
            throughput = OptionalDouble.of(st.throughput());
            settings = st.settings();
        } else {
            Path db = out.resolve("frontier.db");
            if (!Files.exists(db)) throw new UserException(out + " holds no crawl (no frontier.db)");
            try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
                byTier = f.statsByTierAndKind();
                settings = f.getMeta(StoredSettings.META_KEY);
            }
            w.println("crawl: " + db);
        }
        printTiers(w, byTier);
        StatusPlan.print(w, byTier, expected, throughput, settings.flatMap(StoredSettings::deadline).orElse(null), clock);
        w.flush();
        return 0;
    }

    private void printWorkers(PrintWriter w, List<WorkerStatus> workers) {
        w.println();
        w.printf(Locale.ROOT, "%-16s %-20s %-7s %8s %9s %10s  %s%n", "WORKER", "HOST", "ALIVE", "LEASES", "RATE/S", "SETTLED", "LAST SEEN");
        Instant now = clock.instant();
        for (WorkerStatus s : workers) {
            String alive = s.alive() ? "yes" : s.stopped() ? "stopped" : "DEAD";
            long ago = Math.max(0, Duration.between(s.lastSeen(), now).toSeconds());
            w.printf(Locale.ROOT, "%-16s %-20s %-7s %,8d %9.1f %,10d  %s%n", s.name(), s.host(), alive, s.leases(),
                    s.alive() ? s.rate() : 0.0, s.outcomes(), ago + " s ago");
        }
        if (workers.isEmpty()) w.println("(none yet)");
    }

    private static void printTiers(PrintWriter w, Map<Integer, Map<String, FrontierStats>> byTier) {
        Map<Integer, FrontierStats> tiers = new java.util.TreeMap<>();
        byTier.forEach((tier, kinds) -> kinds.values().forEach(s -> tiers.merge(tier, s, (a, b) -> new FrontierStats(
                a.queued() + b.queued(), a.leased() + b.leased(), a.done() + b.done(), a.failed() + b.failed()))));
        w.println();
        w.printf(Locale.ROOT, "%-6s %12s %10s %12s %10s%n", "TIER", "QUEUED", "LEASED", "DONE", "FAILED");
        long q = 0, l = 0, d = 0, f = 0;
        for (Map.Entry<Integer, FrontierStats> e : tiers.entrySet()) {
            FrontierStats s = e.getValue();
            w.printf(Locale.ROOT, "%-6d %,12d %,10d %,12d %,10d%n", e.getKey(), s.queued(), s.leased(), s.done(), s.failed());
            q += s.queued();
            l += s.leased();
            d += s.done();
            f += s.failed();
        }
        w.printf(Locale.ROOT, "%-6s %,12d %,10d %,12d %,10d%n", "total", q, l, d, f);
        w.println(q + l == 0 ? "complete: nothing queued, nothing leased" : "running: " + (q + l) + " items to go");
    }
}
