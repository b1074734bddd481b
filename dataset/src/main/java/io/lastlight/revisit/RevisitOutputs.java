package io.lastlight.revisit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.derive.DuckDb;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.schema.DuckDbViews;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revisit output of one WARC file: {@code <table>/<warc name>.revisits.parquet} for each observation table,
 * beside the file's own {@code <warc name>.parquet}. Its key-value metadata ({@value #INPUTS_KEY}) records what the
 * rows were derived from, so a re-run redoes a file only when that changed: the WARC file itself, the versions,
 * the files holding the originals it used, and, if any revisit was resolved by anything but its record id or not
 * at all (a new file could change the answer), the whole set of input files.
 */
public final class RevisitOutputs {
    public static final String SUFFIX = ".revisits.parquet";
    public static final String INPUTS_KEY = "lastlight.revisit_inputs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RevisitOutputs() {}

    /** {@code <warc name>.revisits.parquet}. */
    public static String outputName(Path warc) {
        return outputName(warc.getFileName().toString());
    }

    /** {@code <stem>.revisits.parquet} for a {@code warc_file} value ({@link io.lastlight.extract.WarcSource#fileStem}). */
    public static String outputName(String warcName) {
        return io.lastlight.extract.WarcSource.fileStem(warcName) + SUFFIX;
    }

    /** What a file's revisit rows were derived from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Inputs {
        public String sourceSha256;
        public String versions;
        /** The platform whose adapter parsed the rows (the file's, as extracted); absent in outputs written before. */
        public String platform;
        /** WARC files holding the originals used, with their sha256. */
        public Map<String, String> originals = new TreeMap<>();
        /** Digest of every input file's name and sha256, when the answer depends on the whole set; else null. */
        public String allInputs;

        public String json() throws IOException {
            return JSON.writeValueAsString(this);
        }

        /** True if rows derived from these inputs are still right for the current ones. */
        public boolean current(String sha256, String versions, Map<String, String> shaByName, String allInputs) {
            if (!sha256.equals(sourceSha256) || !versions.equals(this.versions)) return false;
            if (this.allInputs != null && !this.allInputs.equals(allInputs)) return false;
            for (Map.Entry<String, String> e : originals.entrySet()) {
                if (!e.getValue().equals(shaByName.get(e.getKey()))) return false;
            }
            return true;
        }
    }

    /** The inputs recorded in a file's revisit output, or null if any table's output is missing or unreadable. */
    static Inputs read(Connection db, Path dataset, String warcName) throws IOException {
        for (String t : WarcExtractor.TABLES) {
            if (!Files.exists(dataset.resolve(t).resolve(outputName(warcName)))) return null;
        }
        Path captures = dataset.resolve("captures").resolve(outputName(warcName));
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM parquet_kv_metadata("
                     + DuckDbViews.quoteLiteral(captures.toAbsolutePath().toString()) + ") WHERE decode(key) = "
                     + DuckDbViews.quoteLiteral(INPUTS_KEY))) {
            if (!rs.next()) return null;
            return JSON.readValue(new String(rs.getBytes(1), StandardCharsets.UTF_8), Inputs.class);
        } catch (SQLException | IOException e) {
            return null; // unreadable: derive it again
        }
    }

    /** Removes a file's revisit output (its WARC file no longer holds revisits). */
    static boolean delete(Path dataset, String warcName) throws IOException {
        boolean any = false;
        for (String t : WarcExtractor.TABLES) any |= Files.deleteIfExists(dataset.resolve(t).resolve(outputName(warcName)));
        return any;
    }

    static Connection metadataReader() throws SQLException {
        return DuckDb.inMemory();
    }
}
