package io.lastlight.bench;

import io.lastlight.classify.Classifiers;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.platform.Platforms;
import io.lastlight.schema.DatasetSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Extraction alone (one WARC file → observation Parquet), repeated in one JVM so the JIT has warmed up:
 * process CPU seconds per run. For comparing changes to the extract path; bench-only (test scope).
 *
 * <pre>java -cp lastlight.jar:test-classes io.lastlight.bench.ExtractBench WARC OUT_DIR [RUNS]</pre>
 */
public final class ExtractBench {
    public static void main(String[] args) throws Exception {
        Path warc = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ExecutorService pool = Executors.newFixedThreadPool(1);
        io.lastlight.parquet.ParquetSorter sorter = new io.lastlight.parquet.ParquetSorter(out.resolve(".tmp-duckdb-sort"), 1, "2GB");
        WarcExtractor x = new WarcExtractor(DatasetSchema.bundled(), Platforms::byName, "parler", Classifiers.rules(), pool, sorter);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < runs; r++) {
            Files.createDirectories(out);
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            WarcExtractor.Result res = x.extract(warc, out, Map.of());
            System.out.printf(Locale.ROOT, "run %d: cpu %.2f s, wall %.2f s, %s%n", r + 1, (os.getProcessCpuTime() - c0) / 1e9,
                    (System.nanoTime() - t0) / 1e9, res.rowsByTable);
        }
        pool.shutdown();
        sorter.close();
    }
}
