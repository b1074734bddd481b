package io.lastlight.revisit;

import io.lastlight.classify.Classifier;
import io.lastlight.extract.WarcCaptureReader;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.extract.WarcSource;
import io.lastlight.derive.BuildDatabase;
import io.lastlight.parquet.Futures;
import io.lastlight.parquet.ParquetSorter;
import io.lastlight.parquet.Row;
import io.lastlight.parquet.TableWriter;
import io.lastlight.platform.Platform;
import io.lastlight.schema.DatasetSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The pass after per-file extraction that turns WARC revisit records into rows. Each revisit is resolved to its
 * original response ({@link OriginalLookup}, over the {@code captures} Parquet of every input file, so the original
 * may be in another file), the original's payload is read from its WARC at its offset ({@link OriginalReader}) and
 * parsed as a capture at the revisit's time ({@link RevisitRows}). The rows of one WARC file's revisits go to
 * {@code <table>/<warc>.revisits.parquet} (temporary name, renamed; sorted by the table's {@code sort_by}).
 * Incremental: a file's revisit output is only derived again when what it was derived from changed
 * ({@link RevisitOutputs.Inputs}). Memory is bounded: revisits go through in chunks, the lookup spills to disk.
 */
public final class RevisitResolver {
    /** Revisits looked up and parsed at a time. */
    static final int CHUNK = 8192;
    /** Revisits per parse task within a chunk. */
    static final int TASK = 256;

    /** One input WARC file as the build knows it. */
    public record Input(WarcSource warc, String sha256, String platform, long revisits) {}

    /** What the pass did. */
    public static final class Report {
        /** Files whose revisit rows were derived now, and files whose earlier output was still current. */
        public int filesResolved, filesUnchanged;
        /** Over the revisits derived now: resolved by record id, by URI + date, by URI + digest, and unresolved. */
        public final Map<String, Long> resolvedBy = new LinkedHashMap<>();
        public long unresolved;
    }

    private final DatasetSchema schema;
    private final Function<String, Platform> platforms;
    private final RevisitRows rows;
    private final String versions;
    private final int threads;
    private final Consumer<String> log;

    /**
     * @param versions schema, software and classifier versions: outputs derived under others are derived again
     * @param threads  threads reading originals and parsing them (the output does not depend on it)
     */
    public RevisitResolver(DatasetSchema schema, Function<String, Platform> platforms, Classifier classifier,
                           String versions, int threads, Consumer<String> log) {
        this.schema = schema;
        this.platforms = platforms;
        this.rows = new RevisitRows(schema, classifier);
        this.versions = versions;
        this.threads = threads;
        this.log = log;
    }

    public Report resolve(Path dataset, List<Input> inputs, boolean force, BuildDatabase db) throws IOException, SQLException {
        Report report = new Report();
        Map<String, String> shaByName = new TreeMap<>();
        Map<String, WarcSource> pathByName = new LinkedHashMap<>();
        for (Input in : inputs) {
            shaByName.put(in.warc().name(), in.sha256());
            pathByName.put(in.warc().name(), in.warc());
        }
        String all = allInputs(shaByName);
        List<Input> todo = new ArrayList<>();
        try (Connection meta = RevisitOutputs.metadataReader()) {
            for (Input in : inputs) {
                String name = in.warc().name();
                if (in.revisits() <= 0) {
                    if (RevisitOutputs.delete(dataset, name)) log.accept("removed the revisit output of " + name + " (it holds no revisits now)");
                    continue;
                }
                RevisitOutputs.Inputs prev = force ? null : RevisitOutputs.read(meta, dataset, name);
                // rows parsed by another platform's adapter are derived again (the Spark build checks the same)
                if (prev != null && prev.current(in.sha256(), versions, shaByName, all)
                        && java.util.Objects.equals(prev.platform, in.platform())) report.filesUnchanged++;
                else todo.add(in);
            }
        }
        if (todo.isEmpty()) return report;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "revisit-parse");
            t.setDaemon(true);
            return t;
        });
        try (OriginalLookup lookup = new OriginalLookup(dataset.resolve("captures"), db);
             ParquetSorter sorter = new ParquetSorter(db, threads).sortsAtOnce(WarcExtractor.SORTED_PER_FILE)) {   // a file at a time
            OriginalReader reader = new OriginalReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
            for (Input in : todo) {
                long t0 = System.nanoTime();
                long[] counts = resolveFile(dataset, in, lookup, reader, sorter, pool, pathByName, shaByName, all, report);
                report.filesResolved++;
                log.accept(String.format("resolved %,d revisit(s) of %s in %.1f s (%,d unresolved)", counts[0],
                        in.warc().name(), (System.nanoTime() - t0) / 1e9, counts[1]));
            }
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    /** @return revisits, unresolved */
    private long[] resolveFile(Path dataset, Input in, OriginalLookup lookup, OriginalReader reader, ParquetSorter sorter,
                               ExecutorService pool, Map<String, WarcSource> pathByName, Map<String, String> shaByName,
                               String all, Report report) throws IOException, SQLException {
        String name = in.warc().name();
        Platform platform = platforms.apply(in.platform());
        Map<String, String> fileMeta = new LinkedHashMap<>();
        fileMeta.put("lastlight.source_warc", name);
        fileMeta.put("lastlight.software", io.lastlight.core.Version.software());
        fileMeta.put(WarcExtractor.SOURCE_SHA256, in.sha256());
        RevisitOutputs.Inputs used = new RevisitOutputs.Inputs();
        used.sourceSha256 = in.sha256();
        used.versions = versions;
        used.platform = in.platform();
        boolean[] needsAll = {false};
        long[] counts = {0, 0};
        Map<String, TableWriter> writers = new LinkedHashMap<>();
        try {
            for (String t : WarcExtractor.TABLES) {
                writers.put(t, new TableWriter(schema.table(t), dataset.resolve(t).resolve(RevisitOutputs.outputName(name)), fileMeta, sorter));
            }
            List<RevisitRef> chunk = new ArrayList<>(CHUNK);
            Consumer<List<RevisitRef>> flush = c -> {
                try {
                    Map<Integer, OriginalLookup.Original> found = lookup.find(c);
                    for (int i = 0; i < c.size(); i++) {
                        OriginalLookup.Original o = found.get(i);
                        counts[0]++;
                        if (o == null) {
                            counts[1]++;
                            report.unresolved++;
                            needsAll[0] = true;
                            continue;
                        }
                        report.resolvedBy.merge(how(o.how()), 1L, Long::sum);
                        if (o.how() != OriginalLookup.BY_RECORD_ID) needsAll[0] = true;
                        used.originals.put(o.warcFile(), shaByName.get(o.warcFile()));
                    }
                    write(parse(c, found, platform, reader, pathByName, pool), writers);
                } catch (SQLException e) {
                    throw new IllegalStateException("looking up the originals of revisits in " + name + ": " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            try {
                RevisitScanner.scan(in.warc(), r -> {
                    chunk.add(r);
                    if (chunk.size() == CHUNK) {
                        flush.accept(chunk);
                        chunk.clear();
                    }
                });
                if (!chunk.isEmpty()) flush.accept(chunk);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            used.allInputs = needsAll[0] ? all : null;
            String json = used.json();
            for (TableWriter w : writers.values()) w.putMetadata(RevisitOutputs.INPUTS_KEY, json);
            // captures last: its metadata is what a re-run checks, so a kill part-way leaves the file to be redone
            for (Map.Entry<String, TableWriter> w : writers.entrySet()) if (!w.getKey().equals("captures")) w.getValue().commit();
            writers.get("captures").commit();
            return counts;
        } finally {
            for (TableWriter w : writers.values()) w.close();
        }
    }

    /** Rows of a chunk, per table, in the chunk's order; originals are read and parsed on the pool. */
    private List<List<Row>[]> parse(List<RevisitRef> chunk, Map<Integer, OriginalLookup.Original> found, Platform platform,
                                    OriginalReader reader, Map<String, WarcSource> pathByName, ExecutorService pool) throws IOException {
        List<Future<List<List<Row>[]>>> tasks = new ArrayList<>();
        for (int from = 0; from < chunk.size(); from += TASK) {
            int start = from, end = Math.min(chunk.size(), from + TASK);
            tasks.add(CompletableFuture.supplyAsync(() -> {
                List<List<Row>[]> out = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    RevisitRef r = chunk.get(i);
                    OriginalLookup.Original o = found.get(i);
                    OriginalPayload p = o == null ? null : reader.read(pathByName.get(o.warcFile()), o.offset(), o.recordId());
                    out.add(rows.rows(r, o, p, platform));
                }
                return out;
            }, pool));
        }
        List<List<Row>[]> all = new ArrayList<>(chunk.size());
        for (Future<List<List<Row>[]>> f : tasks) all.addAll(Futures.get(f));
        return all;
    }

    private static void write(List<List<Row>[]> perRevisit, Map<String, TableWriter> writers) throws IOException {
        List<TableWriter> ws = new ArrayList<>(writers.values());
        for (List<Row>[] tables : perRevisit) {
            for (int t = 0; t < tables.length; t++) for (Row row : tables[t]) ws.get(t).write(row);
        }
    }

    public static String how(int how) {
        return switch (how) {
            case OriginalLookup.BY_RECORD_ID -> "record_id";
            case OriginalLookup.BY_URI_AND_DATE -> "uri_and_date";
            default -> "uri_and_digest";
        };
    }

    /** Digest of every input file's name and sha256 (sorted by name). */
    public static String allInputs(Map<String, String> shaByName) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : shaByName.entrySet()) {
                md.update((e.getKey() + "\t" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
