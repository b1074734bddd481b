package io.lastlight.crawl;

import io.lastlight.core.UserException;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.PgCrawlReader;
import io.lastlight.frontier.PostgresFrontier;
import io.lastlight.frontier.PostgresTarget;
import io.lastlight.frontier.SqliteFrontier;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the crawl's frontier is and who this process is in it: by default the SQLite file in {@code --out}
 * (one process); with {@code --frontier postgresql://…} a worker named by {@code --worker} in a crawl shared
 * with any number of others, with its own ceiling ({@code --worker-rate}) and outgoing address
 * ({@code --bind-address}) beside the crawl's global {@code --rate}.
 *
 * @param target the shared frontier, or null for SQLite in --out
 * @param workerRate this worker's own ceiling in requests/s (0: none beyond the global budget)
 * @param bindAddress the local address requests are sent from, or null for the system's choice
 */
public record WorkerOptions(PostgresTarget target, String worker, Duration leaseTtl, double workerRate,
                            InetAddress bindAddress) {
    /** One process, SQLite in --out. */
    public static final WorkerOptions LOCAL = new WorkerOptions(null, null, Duration.ofSeconds(60), 0, null);

    public boolean shared() {
        return target != null;
    }

    /** Opens the frontier: the shared one as this worker, or OUT/frontier.db. */
    Frontier open(CrawlConfig cfg) {
        if (!shared()) return new SqliteFrontier(cfg.frontierFile(), cfg.order());
        return new PostgresFrontier(target, worker, cfg.order(), leaseTtl,
                m -> CrawlLog.line("frontier", Map.of("worker", worker, "message", m)));
    }

    /** The crawl's stored settings, if the crawl exists (read without joining it). */
    Optional<String> storedSettings(java.nio.file.Path out) {
        if (shared()) return PgCrawlReader.peekMeta(target, StoredSettings.META_KEY);
        java.nio.file.Path db = out.resolve("frontier.db");
        if (!java.nio.file.Files.exists(db)) return Optional.empty();
        try (SqliteFrontier f = new SqliteFrontier(db, Frontier.Order.TIERED)) {
            return f.getMeta(StoredSettings.META_KEY);
        }
    }

    /** One of the shared crawl's meta values, if the crawl exists (read without joining it). */
    Optional<String> peekMeta(String key) {
        return shared() ? PgCrawlReader.peekMeta(target, key) : Optional.empty();
    }

    /** The flags; {@link #resolve} checks them. */
    public static final class Options {
        @Option(names = "--frontier", paramLabel = "URL", description = "Share the crawl among workers through PostgreSQL:"
                + " postgresql://HOST[:PORT]/DB (password from PGPASSWORD, ~/.pgpass or --password-env; never in the URL)."
                + " The first worker creates the crawl; others join with --frontier, --worker and --out only (default: OUT/frontier.db, one process).")
        String frontier;

        @Option(names = "--worker", paramLabel = "NAME", description = "This worker's name in a shared crawl (in its WARC file names and"
                + " warcinfo); run it again under the same name and --out after a crash to take its leases back at once (default: the host name).")
        String worker;

        @Option(names = "--password-env", paramLabel = "NAME", description = "Environment variable holding the database password (default: PGPASSWORD).")
        String passwordEnv;

        @Option(names = "--lease-ttl", paramLabel = "SECONDS", description = "How long a dead worker's items stay leased before others take them (default: 60).")
        Double leaseTtlS;

        @Option(names = "--worker-rate", paramLabel = "R", description = "This worker's own ceiling in requests/s, for platforms that limit per address (default: none; --rate is the crawl's global budget).")
        Double workerRate;

        @Option(names = "--bind-address", paramLabel = "IP", description = "Send requests from this local address (a machine with several).")
        String bindAddress;

        public WorkerOptions resolve(Function<String, String> env) {
            if (frontier == null) {
                if (worker != null || passwordEnv != null || leaseTtlS != null) {
                    throw new UserException("--worker, --password-env and --lease-ttl go with --frontier postgresql://…");
                }
                return new WorkerOptions(null, null, Duration.ofSeconds(60), rate(), address());
            }
            PostgresTarget t = PostgresTarget.parse(frontier, env, passwordEnv);
            String name = worker != null ? worker : hostName();
            double ttl = leaseTtlS == null ? 60 : leaseTtlS;
            if (!(ttl >= 1 && ttl <= 86_400)) throw new UserException("--lease-ttl must be between 1 and 86400 seconds");
            return new WorkerOptions(t, name, Duration.ofMillis(Math.round(ttl * 1000)), rate(), address());
        }

        private double rate() {
            if (workerRate == null) return 0;
            if (!(workerRate > 0)) throw new UserException("--worker-rate must be > 0 requests per second");
            return workerRate;
        }

        private InetAddress address() {
            if (bindAddress == null) return null;
            if (!bindAddress.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
                throw new UserException("--bind-address takes an IP address of this machine, not '" + bindAddress + "'");
            }
            try {
                InetAddress a = InetAddress.getByName(bindAddress);
                if (java.net.NetworkInterface.getByInetAddress(a) == null && !a.isLoopbackAddress()) {
                    throw new UserException("--bind-address " + bindAddress + " is not an address of this machine");
                }
                return a;
            } catch (UnknownHostException | java.net.SocketException e) {
                throw new UserException("--bind-address " + bindAddress + ": " + e.getMessage());
            }
        }

        private static String hostName() {
            try {
                String h = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
                return h.isEmpty() ? "worker" : h;
            } catch (UnknownHostException e) {
                return "worker";
            }
        }
    }
}
