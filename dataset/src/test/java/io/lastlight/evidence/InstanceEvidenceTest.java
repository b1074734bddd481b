package io.lastlight.evidence;

import io.lastlight.build.TwoServers;
import io.lastlight.query.Dataset;
import io.lastlight.query.ResultTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastlight evidence} on a dataset of two Mastodon-API servers with equal account and status ids
 * ({@link TwoServers}): an id of both servers shows each server's captures, grouped and named by instance, or one
 * server's with --instance; an id of one server (or of Parler) shows what it showed before, without an instance column.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceEvidenceTest {
    static final List<String> POST_COLUMNS = List.of("capture_time", "kind", "target_uri", "warc_file", "warc_offset", "warc_record_id",
            "payload_digest", "http_status", "record_type", "original_warc_file", "original_warc_offset", "original_record_id",
            "original_capture_time", "replay");
    static final String GAB = "gab.example", SOCIAL = "social.example:8443";

    @TempDir
    static Path tmp;
    Path dataset;
    Map<String, Map<String, String>> accounts;
    String sharedPost, sharedAccount;

    @BeforeAll
    void build() throws Exception {
        TwoServers t = TwoServers.build(tmp);
        dataset = t.dataset;
        accounts = t.accounts;
        sharedPost = string("SELECT min(post_id) FROM (SELECT post_id FROM post_observations WHERE platform = 'mastodon'"
                + " GROUP BY post_id HAVING count(DISTINCT instance) = 2)");
        sharedAccount = accounts.get(GAB).keySet().stream().filter(accounts.get(SOCIAL)::containsKey).sorted().findFirst().orElseThrow();
    }

    @Test
    void anIdOfTwoServersShowsEachServersCapturesGroupedByInstance() throws Exception {
        ResultTable rows = EvidenceCommand.find(dataset, null, sharedPost);
        assertEquals("instance", rows.columns().get(0));
        assertEquals(POST_COLUMNS, rows.columns().subList(1, rows.columns().size()));
        List<Object> instances = new ArrayList<>();
        for (int i = 0; i < rows.rows().size(); i++) {
            String instance = (String) rows.value(i, "instance");
            assertTrue(((String) rows.value(i, "target_uri")).startsWith("https://" + instance + "/"), rows.rows().get(i).toString());
            if (instances.isEmpty() || !instances.get(instances.size() - 1).equals(instance)) instances.add(instance);
        }
        assertEquals(List.of(GAB, SOCIAL), instances, "one group per server");
        assertEquals(observations(sharedPost, null), rows.rows().size());
        // an account id of both servers: each server's username under its instance
        ResultTable users = EvidenceCommand.find(dataset, sharedAccount, null);
        assertEquals("instance", users.columns().get(0));
        for (int i = 0; i < users.rows().size(); i++) {
            assertEquals(accounts.get((String) users.value(i, "instance")).get(sharedAccount), users.value(i, "username"));
        }
    }

    @Test
    void instancePicksOneServer() throws Exception {
        for (String instance : List.of(GAB, SOCIAL.toUpperCase(java.util.Locale.ROOT))) {
            ResultTable rows = EvidenceCommand.find(dataset, null, sharedPost, instance);
            assertEquals(POST_COLUMNS, rows.columns());
            assertEquals(observations(sharedPost, instance.toLowerCase(java.util.Locale.ROOT)), rows.rows().size());
            for (List<Object> r : rows.rows()) {
                assertTrue(((String) r.get(2)).startsWith("https://" + instance.toLowerCase(java.util.Locale.ROOT) + "/"), r.toString());
            }
        }
        ResultTable gab = EvidenceCommand.find(dataset, sharedAccount, null, GAB);
        assertFalse(gab.rows().isEmpty());
        for (int i = 0; i < gab.rows().size(); i++) assertEquals(accounts.get(GAB).get(sharedAccount), gab.value(i, "username"));
    }

    @Test
    void anIdOfOneServerOrOfParlerShowsWhatItShowedBefore() throws Exception {
        String parler = string("SELECT min(post_id) FROM post_observations WHERE platform = 'parler'");
        assertEquals(POST_COLUMNS, EvidenceCommand.find(dataset, null, parler).columns());
        String gabOnly = string("SELECT min(post_id) FROM post_observations WHERE platform = 'mastodon' AND post_id NOT IN"
                + " (SELECT post_id FROM post_observations WHERE instance = '" + SOCIAL + "')");
        ResultTable one = EvidenceCommand.find(dataset, null, gabOnly);
        assertEquals(POST_COLUMNS, one.columns());
        assertEquals(observations(gabOnly, null), one.rows().size());
    }

    @Test
    void theCommandSaysWhichServersAndHowToPickOne() {
        Run both = run("--dataset", dataset.toString(), "--post", sharedPost, "--format", "csv");
        assertEquals(0, both.code, both.err);
        assertTrue(both.out.startsWith("instance,capture_time,"), both.out);
        assertTrue(both.err.contains("post '" + sharedPost + "' matches accounts or posts of 2 servers (gab.example, social.example:8443)")
                && both.err.contains("--instance HOST"), both.err);
        Run one = run("--dataset", dataset.toString(), "--post", sharedPost, "--instance", GAB, "--format", "csv");
        assertEquals(0, one.code, one.err);
        assertTrue(one.out.startsWith("capture_time,"), one.out);
        assertEquals("", one.err);
        Run none = run("--dataset", dataset.toString(), "--post", sharedPost, "--instance", "other.example");
        assertEquals(EvidenceCommand.EXIT_NOT_FOUND, none.code);
        assertTrue(none.err.contains("no captures in " + dataset + " for post '" + sharedPost + "' (a post id) on instance other.example"
                + " (it has captures on: gab.example, social.example:8443)"), none.err);
        assertTrue(run("--help").out.contains("--instance=HOST"));
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new EvidenceCommand()).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Captures of a post (observations and tombstones), of one instance or all. */
    private long observations(String postId, String instance) throws Exception {
        String where = instance == null ? "" : " AND instance = '" + instance + "'";
        return Long.parseLong(string("SELECT (SELECT count(*) FROM post_observations WHERE post_id = '" + postId + "'" + where
                + ") + (SELECT count(*) FROM tombstones WHERE item_type = 'post' AND item_id = '" + postId + "'" + where + ")"));
    }

    private String string(String sql) throws Exception {
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
