package io.lastlight.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.revisit.RevisitOutputs;
import io.lastlight.revisit.RevisitResolver;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The revisit pass on Spark, after every file is extracted (an original may be in any file): which files' revisit
 * outputs are stale (the same test as the local build, on the outputs' Parquet metadata), their revisit records
 * scanned (a task per file), each looked up among all responses by Spark SQL ({@link #FIND}, the local build's
 * DuckDB lookup in Spark's dialect), then each file's rows written by a task ({@link RevisitTask.Resolve}).
 */
final class SparkRevisits {
    /**
     * {@code io.lastlight.revisit.OriginalLookup}'s query, in Spark SQL (no QUALIFY): by record id, else by
     * WARC-Refers-To-Target-URI + date to the second, else the latest response to the target URI at or before the
     * revisit with its payload digest (compared by algorithm and decoded value: {@code lastlight_payload_digest}); a
     * promised identical payload must match. Keep the two in step: the
     * equality test builds the same revisits both ways.
     */
    static final String FIND = """
            WITH originals AS (
                SELECT warc_file, warc_offset, warc_length, warc_record_id, target_uri, unix_micros(capture_time) AS t_us,
                       div(unix_micros(capture_time), 1000000) AS t_s, lastlight_payload_digest(payload_digest) AS digest
                FROM captures WHERE record_type = 'response'
            ), cand AS (
                SELECT p.file, p.seq, 1 AS how, o.* FROM pending p JOIN originals o ON o.warc_record_id = p.refers_to
                WHERE NOT p.same_digest OR p.digest IS NULL OR o.digest IS NULL OR o.digest = p.digest
                UNION ALL
                SELECT p.file, p.seq, 2 AS how, o.* FROM pending p JOIN originals o
                    ON o.target_uri = p.refers_to_uri AND o.t_s = p.refers_to_s
                WHERE NOT p.same_digest OR p.digest IS NULL OR o.digest IS NULL OR o.digest = p.digest
                UNION ALL
                SELECT p.file, p.seq, 3 AS how, o.* FROM pending p JOIN originals o ON o.target_uri = p.target_uri AND o.digest = p.digest
                WHERE o.t_us <= p.t_us
            ), ranked AS (
                SELECT *, row_number() OVER (PARTITION BY file, seq ORDER BY how, t_us DESC, warc_file DESC, warc_offset DESC) AS rn
                FROM cand
            )
            SELECT file, seq, how, warc_file, warc_offset, warc_record_id, t_us, warc_length FROM ranked WHERE rn = 1
            """;

    static final StructType PENDING = new StructType()
            .add("file", DataTypes.StringType, false).add("seq", DataTypes.LongType, false)
            .add("refers_to", DataTypes.StringType).add("refers_to_uri", DataTypes.StringType)
            .add("refers_to_s", DataTypes.LongType).add("target_uri", DataTypes.StringType)
            .add("t_us", DataTypes.LongType, false).add("digest", DataTypes.StringType)
            .add("same_digest", DataTypes.BooleanType, false);

    /** What the pass did: files derived now and unchanged; over those derived now, how revisits were resolved. */
    static final class Report {
        int filesResolved, filesUnchanged;
        long unresolved;
        final Map<String, Long> resolvedBy = new LinkedHashMap<>();
    }

    private final SparkSession spark;
    private final Store store;
    private final String versions;
    private final String duckDbMemory;
    private final Consumer<String> log;

    SparkRevisits(SparkSession spark, Store store, String versions, String duckDbMemory, Consumer<String> log) {
        this.spark = spark;
        this.store = store;
        this.versions = versions;
        this.duckDbMemory = duckDbMemory;
        this.log = log;
    }

    Report resolve(List<WarcInputs.Warc> warcs, Map<String, Source> sources, String defaultPlatform, boolean force) throws IOException {
        Report report = new Report();
        TreeMap<String, String> shaByName = new TreeMap<>();
        HashMap<String, WarcInputs.Warc> byName = new HashMap<>();
        for (WarcInputs.Warc w : warcs) {
            shaByName.put(w.name(), sources.get(w.name()).sha256());
            byName.put(w.name(), w);
        }
        String all = RevisitResolver.allInputs(shaByName);
        List<RevisitTask.Job> todo = new ArrayList<>();
        for (WarcInputs.Warc w : warcs) {
            Source s = sources.get(w.name());
            String out = RevisitOutputs.outputName(w.name());
            if (s.revisitCount() <= 0) {
                boolean any = false;
                for (String t : WarcExtractor.TABLES) any |= store.delete(t + "/" + out);
                if (any) log.accept("removed the revisit output of " + w.name() + " (it holds no revisits now)");
                continue;
            }
            RevisitOutputs.Inputs prev = force ? null : recorded(out);
            String platform = s.platform() == null ? defaultPlatform : s.platform();
            // as the local build: rows parsed by another platform's adapter are derived again
            if (prev != null && prev.current(s.sha256(), versions, shaByName, all) && platform.equals(prev.platform)) {
                report.filesUnchanged++;
            } else {
                todo.add(new RevisitTask.Job(w, s.sha256(), platform));
            }
        }
        if (todo.isEmpty()) return report;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("revisits: scan " + todo.size() + " WARC file(s)");
        JavaRDD<Row> pending = jsc.parallelize(todo, todo.size()).flatMap(new RevisitTask.Scan(store));
        spark.createDataFrame(pending, PENDING).createOrReplaceTempView("pending");
        jsc.setJobDescription("revisits: look up originals");
        // digests compared by algorithm and decoded value, as the local build's lookup does (PayloadDigests)
        spark.udf().register("lastlight_payload_digest",
                (org.apache.spark.sql.api.java.UDF1<String, String>) io.lastlight.revisit.PayloadDigests::canonical, DataTypes.StringType);
        Dataset<Row> found = spark.sql(FIND);
        JavaPairRDD<String, RevisitTask.Job> jobs = jsc.parallelize(todo, todo.size()).mapToPair(j -> new Tuple2<>(j.warc().name(), j));
        JavaPairRDD<String, Row> hits = found.toJavaRDD().mapToPair(r -> new Tuple2<>(r.getString(0), r));
        jsc.setJobDescription("revisits: parse from originals and write");
        List<RevisitTask.Outcome> outcomes = jobs.cogroup(hits, todo.size())
                .map(new RevisitTask.Resolve(store, byName, shaByName, versions, duckDbMemory)).collect();
        for (RevisitTask.Outcome o : outcomes) {
            report.filesResolved++;
            report.unresolved += o.unresolved();
            o.resolvedBy().forEach((k, v) -> report.resolvedBy.merge(k, v, Long::sum));
            log.accept(String.format("resolved %,d revisit(s) of %s (%,d unresolved)", o.revisits(), o.name(), o.unresolved()));
        }
        spark.catalog().dropTempView("pending");
        return report;
    }

    /** What a file's revisit output was derived from (its captures file's metadata), or null if absent or unreadable. */
    private RevisitOutputs.Inputs recorded(String out) {
        try {
            for (String t : WarcExtractor.TABLES) if (!store.exists(t + "/" + out)) return null;
            Path p = store.path("captures/" + out);
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, store.configuration()))) {
                String json = r.getFileMetaData().getKeyValueMetaData().get(RevisitOutputs.INPUTS_KEY);
                return json == null ? null : new ObjectMapper().readValue(json, RevisitOutputs.Inputs.class);
            }
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: derive it again
        }
    }
}
