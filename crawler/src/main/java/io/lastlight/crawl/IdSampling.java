package io.lastlight.crawl;

import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.IdSpace;
import io.lastlight.platform.Platform;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * ID-space sampling for user-count estimates ({@code lastlight crawl --sample-ids N --id-range A-B}): draws N
 * distinct sequential numbers uniformly at random from [A, B] ({@link IdSpace#sample}: seeded, so a resumed
 * crawl draws the same numbers and the frontier deduplicates them) and turns each into the platform's id
 * probe ({@link Platform#idProbe}): 200 means an account holds that number, 404 means none does. The probes
 * are ordinary captures (kind {@value IdSpace#KIND}); {@code lastlight estimate users} reads them back from the
 * dataset's {@code captures} table.
 */
public final class IdSampling {
    /** Scheduled after profiles and big accounts' posts, before the long tail of list pages. */
    static final int TIER = 3;

    private IdSampling() {}

    /** The crawl options; {@link CrawlCommand} mixes them in. */
    public static final class Options {
        @Option(names = "--sample-ids", paramLabel = "N",
                description = "Also probe N random sequential ids in --id-range (for 'lastlight estimate users').")
        Integer sampleIds;

        @Option(names = "--id-range", paramLabel = "A-B", description = "Inclusive range of sequential ids to sample, e.g. 1-20000000.")
        String idRange;

        @Option(names = "--sample-kind", paramLabel = "KIND", defaultValue = "user",
                description = "What the sampled ids number: user or post (default: ${DEFAULT-VALUE}).")
        String sampleKind;

        @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "1",
                description = "Seed of the id sample (default: ${DEFAULT-VALUE}); use another seed for an independent second pass.")
        long sampleSeed;

        public boolean enabled() {
            return sampleIds != null || idRange != null;
        }

        /** The probe requests; empty if sampling was not asked for. Throws IllegalArgumentException on bad values. */
        public List<CrawlRequest> requests(Platform platform, URI base) {
            if (!enabled()) return List.of();
            if (sampleIds == null || idRange == null) {
                throw new IllegalArgumentException("--sample-ids N and --id-range A-B go together");
            }
            IdSpace.Range r = IdSpace.Range.parse(idRange);
            if (r == null) throw new IllegalArgumentException("--id-range must be A-B with whole numbers A ≤ B, not '" + idRange + "'");
            if (!sampleKind.equals("user") && !sampleKind.equals("post")) {
                throw new IllegalArgumentException("--sample-kind must be user or post, not '" + sampleKind + "'");
            }
            if (sampleIds < 1 || sampleIds > r.size()) {
                throw new IllegalArgumentException("--sample-ids must be between 1 and the range size " + r.size() + ", not " + sampleIds);
            }
            return IdSampling.requests(platform, base, sampleKind, r, sampleIds, sampleSeed);
        }
    }

    /** The probe requests for {@code n} numbers drawn from {@code range}; a user-facing error if the platform has no probe. */
    public static List<CrawlRequest> requests(Platform platform, URI base, String kind, IdSpace.Range range, int n, long seed) {
        List<CrawlRequest> out = new ArrayList<>(n);
        for (long number : IdSpace.sample(range, n, seed)) {
            URI uri = platform.idProbe(base, kind, number).orElseThrow(() -> new IllegalArgumentException(
                    "platform " + platform.name() + " has no sequential " + kind + " ids to probe; --sample-ids works only where it has"));
            out.add(new CrawlRequest(uri, IdSpace.KIND, platform.name() + ":" + IdSpace.KIND + ":" + kind + ":" + number, TIER, 0));
        }
        return out;
    }
}
