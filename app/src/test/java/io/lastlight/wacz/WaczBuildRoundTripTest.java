package io.lastlight.wacz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.cli.MainTest;
import io.lastlight.query.Dataset;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crawl's WARC files, packaged by {@code lastlight package}, build from the WACZ ({@code build --in crawl.wacz}) into
 * the same dataset as from the WARC files themselves: every table's rows equal once {@code warc_file} values lose their
 * {@code crawl.wacz#archive/} prefix; and {@code lastlight evidence} reads the records back from inside the WACZ.
 */
class WaczBuildRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void aPackagedCrawlBuildsFromItsWaczIntoTheSameRows() throws Exception {
        Path crawl = tmp.resolve("crawl");
        String seed;
        try (SimServer server = WaczFixtures.startWorld(30)) {
            WaczFixtures.crawl(server, crawl);
            seed = server.truth().seedUsers().get(0);
        }
        Path wacz = Files.createDirectories(tmp.resolve("packaged")).resolve("crawl.wacz");
        MainTest.Run p = MainTest.run("package", "--in", crawl.toString(), "--out", wacz.toString(), "--quiet");
        assertEquals(0, p.code(), p.err());

        MainTest.Run fromWarc = MainTest.run("build", "--in", crawl.toString(), "--out", tmp.resolve("ds-warc").toString(), "--quiet");
        assertEquals(0, fromWarc.code(), fromWarc.err());
        MainTest.Run fromWacz = MainTest.run("build", "--in", wacz.toString(), "--out", tmp.resolve("ds-wacz").toString(), "--quiet");
        assertEquals(0, fromWacz.code(), fromWacz.err());
        JsonNode a = new ObjectMapper().readTree(fromWarc.out()), b = new ObjectMapper().readTree(fromWacz.out());
        assertTrue(a.get("warc_files").asInt() >= 2, fromWarc.out());
        assertEquals(a.get("warc_files"), b.get("warc_files"));
        assertEquals(a.get("rows"), b.get("rows"));
        assertEquals(a.get("parse_status"), b.get("parse_status"));
        assertFalse(b.has("ignored"), fromWacz.out());
        assertFalse(fromWacz.out().contains("datapackage.json declares"), "every WARC file matches its sha256 in datapackage.json");
        assertEquals(a.has("damaged_warc_files"), b.has("damaged_warc_files"));

        int tables = 0;
        long rows = 0;
        for (TableSchema t : DatasetSchema.bundled().tables()) {
            List<String> x = rows(tmp.resolve("ds-warc"), t.name()), y = rows(tmp.resolve("ds-wacz"), t.name());
            assertEquals(x, y, t.name());
            tables++;
            rows += x.size();
        }
        assertTrue(rows > 1000, "rows compared: " + rows + " in " + tables + " tables");
        try (Connection c = Dataset.open(tmp.resolve("ds-wacz")); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE warc_file NOT LIKE 'crawl.wacz#archive/%') FROM captures")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "every capture points into the WACZ");
        }

        // evidence reads each capture of a seed user back from inside the WACZ, and its digests verify
        Path out = tmp.resolve("evidence");
        MainTest.Run ev = MainTest.run("evidence", "--dataset", tmp.resolve("ds-wacz").toString(), "--user", seed,
                "--extract", out.toString(), "--format", "csv");
        assertEquals(0, ev.code(), ev.err());
        assertTrue(ev.out().contains("crawl.wacz#archive/"), ev.out());
        assertTrue(ev.err().contains("verified"), ev.err());
        assertFalse(ev.err().contains("MISMATCH") || ev.err().contains("could not be read"), ev.err());
        try (var files = Files.list(out)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".http")));
        }
    }

    /** A table's rows as text, sorted, with the WACZ's prefix taken off every value. */
    private static List<String> rows(Path ds, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Dataset.open(ds); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(COLUMNS(*) AS VARCHAR) FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) sb.append(rs.getString(i)).append('\t');
                out.add(sb.toString().replace("crawl.wacz#archive/", ""));
            }
        }
        out.sort(null);
        return out;
    }
}
