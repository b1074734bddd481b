package io.lastlight.toy;

import io.lastlight.cli.MainTest;
import io.lastlight.platform.Platforms;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A platform added as a plugin: {@link ToyPlatform} lives in this test package and is registered only by this
 * module's test {@code META-INF/services} file. Crawl, build, query and WACZ run on it through the command line
 * without a line of crawler, dataset or app code knowing it exists.
 */
class ToyPlatformTest {
    @TempDir
    Path dir;

    @Test
    void aPlatformInItsOwnPackageRunsCrawlBuildQueryAndWacz() throws Exception {
        assertTrue(Platforms.names().contains("toy"), "discovered: " + Platforms.names());
        try (ToyServer server = new ToyServer()) {
            Path crawl = dir.resolve("crawl"), ds = dir.resolve("ds"), wacz = dir.resolve("toy.wacz");
            MainTest.Run c = MainTest.run("crawl", "--platform", "toy", "--base", server.base().toString(),
                    "--seed-user", "alice", "--out", crawl.toString(), "--rate", "200", "--concurrency", "2");
            assertEquals(0, c.code(), c.out() + c.err());

            MainTest.Run b = MainTest.run("build", "--in", crawl.toString(), "--out", ds.toString(), "--quiet");
            assertEquals(0, b.code(), b.out() + b.err());
            try (Connection db = io.lastlight.query.Dataset.open(ds); Statement s = db.createStatement()) {
                assertEquals(List.of("alice|Alice A.|2", "bob|Bob B.|1", "carol|Carol C.|0"),
                        rows(s, "SELECT username || '|' || display_name || '|' || followers_count FROM profiles ORDER BY username"));
                assertEquals(List.of("p1|u1|first post", "p2|u1|second post", "p3|u1|third post", "p4|u2|bob says hi"),
                        rows(s, "SELECT post_id || '|' || author_id || '|' || text FROM posts ORDER BY post_id"));
                assertEquals(List.of("toy"), rows(s, "SELECT DISTINCT platform FROM captures"));
                assertEquals(List.of("0"), rows(s, "SELECT count(*) FROM captures WHERE parse_status = 'error'"));
            }

            MainTest.Run q = MainTest.run("query", "--dataset", ds.toString(), "top-followers");
            assertEquals(0, q.code(), q.out() + q.err());
            assertTrue(q.out().contains("alice"), q.out());

            MainTest.Run w = MainTest.run("package", "--in", crawl.toString(), "--out", wacz.toString(), "--quiet");
            assertEquals(0, w.code(), w.out() + w.err());
            assertTrue(Files.size(wacz) > 0);
            MainTest.Run v = MainTest.run("package", "--verify", wacz.toString());
            assertEquals(0, v.code(), v.out() + v.err());
            String pages = new String(readEntry(wacz, "pages/pages.jsonl"));
            assertTrue(pages.contains("@alice — Alice A."), pages);
        }
    }

    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static byte[] readEntry(Path zip, String name) throws Exception {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            var e = z.getEntry(name);
            if (e == null) throw new AssertionError(name + " missing from " + zip);
            try (var in = z.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }
}
