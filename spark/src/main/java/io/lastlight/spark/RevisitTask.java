package io.lastlight.spark;

import io.lastlight.classify.Classifiers;
import io.lastlight.core.Version;
import io.lastlight.derive.BuildDatabase;
import io.lastlight.extract.WarcCaptureReader;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.parquet.ParquetSorter;
import io.lastlight.parquet.Row;
import io.lastlight.parquet.TableWriter;
import io.lastlight.platform.Platform;
import io.lastlight.platform.Platforms;
import io.lastlight.revisit.OriginalLookup;
import io.lastlight.revisit.OriginalPayload;
import io.lastlight.revisit.OriginalReader;
import io.lastlight.revisit.RevisitOutputs;
import io.lastlight.revisit.RevisitRef;
import io.lastlight.revisit.RevisitResolver;
import io.lastlight.revisit.RevisitRows;
import io.lastlight.revisit.RevisitScanner;
import io.lastlight.schema.DatasetSchema;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two task kinds of the revisit pass. {@link Scan}: one WARC file's revisit records (by {@link RevisitScanner})
 * as rows of the {@code pending} table the lookup ({@link SparkRevisits#FIND}, Spark SQL) joins with every response.
 * {@link Resolve}: one WARC file's revisits with the originals the lookup found, parsed by the local build's own
 * {@link RevisitRows} from the original's payload ({@link OriginalReader}, read where the record lies) and written by
 * its {@link TableWriter} to {@code TABLE/<warc>.revisits.parquet}, captures last (its metadata says what the rows
 * were derived from, for the next incremental run).
 */
final class RevisitTask {
    private RevisitTask() {}

    /** One WARC file whose revisits are derived now, and everything its rows depend on. */
    record Job(WarcInputs.Warc warc, String sha256, String platform) implements Serializable {}

    /** What resolving one file did. */
    record Outcome(String name, long revisits, long unresolved, LinkedHashMap<String, Long> resolvedBy) implements Serializable {}

    static final class Scan implements FlatMapFunction<Job, org.apache.spark.sql.Row> {
        private static final long serialVersionUID = 1L;
        private final Store store;

        Scan(Store store) {
            this.store = store;
        }

        @Override
        public Iterator<org.apache.spark.sql.Row> call(Job job) throws Exception {
            Path scratch = Files.createTempDirectory("lastlight-revisit-scan-");
            try {
                Path local = Store.local(job.warc().uri(), store.configuration(), scratch);
                List<org.apache.spark.sql.Row> out = new ArrayList<>();
                long[] seq = {0};
                RevisitScanner.scan(local, r -> {
                    boolean byDate = r.refersToTargetUri() != null && r.refersToDate() != null;
                    out.add(RowFactory.create(job.warc().name(), seq[0]++, r.refersTo(), byDate ? r.refersToTargetUri() : null,
                            byDate ? r.refersToDate().getEpochSecond() : null, r.targetUri(), micros(r.date()),
                            io.lastlight.revisit.PayloadDigests.canonical(r.payloadDigest()), r.sameDigest()));
                });
                return out.iterator();
            } finally {
                ExtractTask.deleteTree(scratch);
            }
        }
    }

    static final class Resolve implements Function<Tuple2<String, Tuple2<Iterable<Job>, Iterable<org.apache.spark.sql.Row>>>, Outcome> {
        private static final long serialVersionUID = 1L;
        private final Store store;
        private final HashMap<String, WarcInputs.Warc> inputs;
        private final TreeMap<String, String> shaByName;
        private final String versions;
        private final String duckDbMemory;

        Resolve(Store store, HashMap<String, WarcInputs.Warc> inputs, TreeMap<String, String> shaByName, String versions,
                String duckDbMemory) {
            this.store = store;
            this.inputs = inputs;
            this.shaByName = shaByName;
            this.versions = versions;
            this.duckDbMemory = duckDbMemory;
        }

        @Override
        public Outcome call(Tuple2<String, Tuple2<Iterable<Job>, Iterable<org.apache.spark.sql.Row>>> group) throws Exception {
            Job job = group._2()._1().iterator().next();
            Map<Long, org.apache.spark.sql.Row> found = new HashMap<>();
            for (org.apache.spark.sql.Row r : group._2()._2()) found.put(r.getLong(1), r);
            Path scratch = Files.createTempDirectory("lastlight-revisit-");
            try {
                return resolve(job, found, scratch);
            } finally {
                ExtractTask.deleteTree(scratch);
            }
        }

        private Outcome resolve(Job job, Map<Long, org.apache.spark.sql.Row> found, Path scratch) throws IOException {
            String name = job.warc().name();
            DatasetSchema schema = DatasetSchema.bundled();
            RevisitRows rows = new RevisitRows(schema, Classifiers.standard());
            Platform platform = Platforms.byName(job.platform());
            OriginalReader reader = new OriginalReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
            Path local = Store.local(job.warc().uri(), store.configuration(), Files.createDirectories(scratch.resolve("in")));
            Path out = Files.createDirectories(scratch.resolve("out"));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("lastlight.source_warc", name);
            meta.put("lastlight.software", Version.software());
            meta.put(WarcExtractor.SOURCE_SHA256, job.sha256());
            RevisitOutputs.Inputs used = new RevisitOutputs.Inputs();
            used.sourceSha256 = job.sha256();
            used.versions = versions;
            used.platform = job.platform();
            boolean[] needsAll = {false};
            long[] counts = {0, 0, 0};
            LinkedHashMap<String, Long> by = new LinkedHashMap<>();
            Map<String, TableWriter> writers = new LinkedHashMap<>();
            String file = RevisitOutputs.outputName(name);
            try (BuildDatabase db = BuildDatabase.open(scratch.resolve(".tmp-duckdb"), 1, duckDbMemory);
                 ParquetSorter sorter = new ParquetSorter(db, 1).sortsAtOnce(ExtractTask.tasksAtOnce(1) * WarcExtractor.SORTED_PER_FILE)) {
                try {
                    for (String t : WarcExtractor.TABLES) {
                        writers.put(t, new TableWriter(schema.table(t), out.resolve(t).resolve(file), meta, sorter));
                    }
                    List<TableWriter> ws = new ArrayList<>(writers.values());
                    RevisitScanner.scan(local, r -> {
                        org.apache.spark.sql.Row hit = found.get(counts[0]++);
                        OriginalLookup.Original o = hit == null ? null : new OriginalLookup.Original(hit.getString(3), hit.getLong(4),
                                hit.getString(5), Instant.EPOCH.plus(hit.getLong(6), ChronoUnit.MICROS), hit.getInt(2));
                        OriginalPayload p = o == null ? null : original(o, scratch, reader);
                        if (o == null) {
                            counts[1]++;
                            needsAll[0] = true;
                        } else {
                            // an original found but unreadable gives no rows: the report counts it unresolved
                            if (p.error() != null) counts[1]++;
                            else by.merge(RevisitResolver.how(o.how()), 1L, Long::sum);
                            if (o.how() != OriginalLookup.BY_RECORD_ID) needsAll[0] = true;
                            used.originals.put(o.warcFile(), shaByName.get(o.warcFile()));
                        }
                        try {
                            List<Row>[] perTable = rows.rows(r, o, p, platform);
                            for (int t = 0; t < perTable.length; t++) for (Row row : perTable[t]) ws.get(t).write(row);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
                used.allInputs = needsAll[0] ? RevisitResolver.allInputs(shaByName) : null;
                String json = used.json();
                for (TableWriter w : writers.values()) w.putMetadata(RevisitOutputs.INPUTS_KEY, json);
                for (TableWriter w : writers.values()) w.commit();
            } finally {
                for (TableWriter w : writers.values()) w.close();
            }
            TaskContext tc = TaskContext.get();
            String tag = tc == null ? "driver" : tc.stageId() + "-" + tc.stageAttemptNumber() + "-" + tc.partitionId() + "-" + tc.attemptNumber();
            // captures last: its metadata is what a re-run checks, so a failure part-way leaves the file to be redone
            for (String t : WarcExtractor.TABLES) if (!t.equals("captures")) store.upload(out.resolve(t).resolve(file), t + "/" + file, tag);
            store.upload(out.resolve("captures").resolve(file), "captures/" + file, tag);
            return new Outcome(name, counts[0], counts[1], by);
        }

        /**
         * The original's payload: read in place from a local file, else through the file's Hadoop FileSystem with the
         * local build's layout rules ({@link OriginalReader#read(String, String, io.lastlight.extract.WarcFormat.Bytes,
         * long, String)}): a record's bytes alone cannot be read from a whole-file gzip (its offset counts decompressed
         * bytes) nor from a warc-zstd file (its frames need the dictionary at the file's start).
         */
        private OriginalPayload original(OriginalLookup.Original o, Path scratch, OriginalReader reader) {
            WarcInputs.Warc w = inputs.get(o.warcFile());
            if (w == null) return failed("original " + o.recordId() + ": " + o.warcFile() + " is not an input");
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(w.uri());
                if (p.getFileSystem(store.configuration()).getUri().getScheme().equals("file")) {
                    return reader.read(Store.local(w.uri(), store.configuration(), scratch), o.offset(), o.recordId());
                }
                return reader.read(o.warcFile(), w.uri(), HadoopChannel.bytes(w.uri(), store.configuration()), o.offset(), o.recordId());
            } catch (IOException e) {
                return failed("original " + o.recordId() + " in " + o.warcFile() + " at offset " + o.offset()
                        + " unreadable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /** A payload that could not be read, as {@link OriginalReader} reports one. */
    static OriginalPayload failed(String error) {
        return new OriginalPayload(0, null, null, -1, false, error);
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
