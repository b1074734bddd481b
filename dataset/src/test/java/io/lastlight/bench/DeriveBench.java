package io.lastlight.bench;

import io.lastlight.derive.BuildDatabase;
import io.lastlight.derive.DerivedTables;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.schema.DatasetSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The derived tables alone, as {@code lastlight build} writes them (the build's DuckDB settings, key ranges and
 * thread count), over the observation files of a dataset already built: process CPU seconds and wall seconds per
 * run. For comparing changes to the derive step; bench-only (test scope). The observation table folders of
 * {@code DATASET} are linked into {@code OUT} (never written); the derived tables are written there.
 *
 * <pre>java [-Dlastlight.duckdb.memory=3GB] -cp lastlight.jar:test-classes io.lastlight.bench.DeriveBench DATASET OUT [RUNS] [THREADS]</pre>
 */
public final class DeriveBench {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        Files.createDirectories(out);
        List<String> observation = new ArrayList<>(WarcExtractor.TABLES);
        for (String t : observation) {
            Path link = out.resolve(t);
            if (!Files.exists(link)) Files.createSymbolicLink(link, in.resolve(t));
        }
        DerivedTables derived = new DerivedTables(DatasetSchema.bundled(), DerivedTables.defaultRangeBytes(), System.err::println);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < runs; r++) {
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            try (BuildDatabase db = BuildDatabase.open(out.resolve(".tmp-duckdb"), threads, DerivedTables.memoryLimit())) {
                derived.build(out, observation, threads, db);
            }
            System.out.printf(Locale.ROOT, "run %d: cpu %.2f s, wall %.2f s (load %s)%n", r + 1, (os.getProcessCpuTime() - c0) / 1e9,
                    (System.nanoTime() - t0) / 1e9, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
    }
}
