package io.lastlight.crawl;

import io.lastlight.core.UserException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What defines a crawl, as opposed to how a process runs it: the platform adapter, its dialect, the base URL and
 * the seed users. A worker joining a shared crawl must crawl the crawl's items with the crawl's adapter: one that
 * was told another platform would parse (and store) the items with the wrong one. So a worker that names any of
 * these must name the crawl's own; one that names none joins with the crawl's.
 *
 * @param dialect null for auto-detection
 */
record CrawlIdentity(String platform, String base, String dialect, List<String> seedUsers) {
    static CrawlIdentity of(CrawlConfig cfg) {
        return new CrawlIdentity(cfg.platform(), cfg.base().toString(), cfg.dialect(), cfg.seedUsers());
    }

    /** What the crawl stored ({@code meta} keys platform, base, dialect, seed_users), if it has begun. */
    static Optional<CrawlIdentity> stored(Function<String, Optional<String>> meta) {
        Optional<String> platform = meta.apply("platform");
        if (platform.isEmpty()) return Optional.empty();
        String seeds = meta.apply("seed_users").orElse("");
        return Optional.of(new CrawlIdentity(platform.get(), meta.apply("base").orElse(null), meta.apply("dialect").orElse(null),
                seeds.isEmpty() ? List.of() : Arrays.asList(seeds.split("\n"))));
    }

    /** Refuses {@code joining} unless it is this crawl: names the crawl's values and how to join. */
    void admit(CrawlIdentity joining) {
        List<String> differ = new ArrayList<>();
        if (!platform.equals(joining.platform)) differ.add("--platform " + joining.platform + " (the crawl's: " + platform + ")");
        if (base != null && !base.equals(joining.base)) differ.add("--base " + joining.base + " (the crawl's: " + base + ")");
        if (!dialectName(dialect).equals(dialectName(joining.dialect))) {
            differ.add("--dialect " + dialectName(joining.dialect) + " (the crawl's: " + dialectName(dialect) + ")");
        }
        if (!new TreeSet<>(seedUsers).equals(new TreeSet<>(joining.seedUsers))) {
            differ.add("--seed-user " + String.join(",", joining.seedUsers) + " (the crawl's: " + String.join(",", seedUsers) + ")");
        }
        if (differ.isEmpty()) return;
        throw new UserException("this worker was given " + String.join(", ", differ) + ", but the shared crawl it joins is "
                + "--platform " + platform + (base == null ? "" : " --base " + base)
                + (dialect == null ? "" : " --dialect " + dialect)
                + (seedUsers.isEmpty() ? "" : " with seed users " + String.join(",", seedUsers))
                + "; a worker crawls the crawl as it was created: leave out --platform, --base, --dialect and --seed-user"
                + " (or give the crawl's values) to join it, or give another --frontier database for another crawl");
    }

    private static String dialectName(String d) {
        return d == null ? "auto" : d;
    }
}
