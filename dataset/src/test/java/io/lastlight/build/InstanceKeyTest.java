package io.lastlight.build;

import io.lastlight.query.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Mastodon-API servers number their own accounts and statuses from the same small integers (Gab's account 1
 * is not mastodon.social's account 1): a dataset built from captures of both keeps one profile and one post per
 * (platform, instance, id), each with its own server's content, and Parler's rows (one id space) keep instance
 * null and their counts. The dataset is {@link TwoServers}'.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceKeyTest {
    private static final int USERS = TwoServers.USERS, PARLER_USERS = TwoServers.PARLER_USERS;

    @TempDir
    static Path tmp;
    Path dataset;
    /** instance → account id → username, as each server's world has it. */
    Map<String, Map<String, String>> accounts;

    @BeforeAll
    void buildFromTwoServersAndParler() throws Exception {
        TwoServers t = TwoServers.build(tmp);
        dataset = t.dataset;
        accounts = t.accounts;
    }

    @Test
    void equalAccountIdsOfTwoServersAreTwoProfilesEachWithItsOwnServersContent() throws Exception {
        Set<String> shared = new HashSet<>(accounts.get("gab.example").keySet());
        shared.retainAll(accounts.get("social.example:8443").keySet());
        assertTrue(shared.size() >= USERS / 2, "the two servers' account ids overlap: " + shared);

        Map<String, String> seen = new HashMap<>();
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT instance, user_id, username FROM profiles WHERE platform = 'mastodon'")) {
            while (rs.next()) {
                String key = rs.getString(1) + " " + rs.getString(2);
                assertEquals(null, seen.put(key, rs.getString(3)), "one row per instance and id: " + key);
            }
        }
        Map<String, String> want = new HashMap<>();
        accounts.forEach((instance, ids) -> ids.forEach((id, name) -> want.put(instance + " " + id, name)));
        assertEquals(want, seen);
        for (String id : shared) {
            assertEquals(2, count("SELECT count(*) FROM profiles WHERE platform = 'mastodon' AND user_id = '" + id + "'"), id);
            assertEquals(2, count("SELECT count(DISTINCT instance) FROM profile_history WHERE user_id = '" + id + "'"), id);
        }
        assertEquals(count("SELECT count(*) FROM profiles WHERE platform = 'mastodon' AND joined_at IS NOT NULL"),
                count("SELECT sum(signups) FROM daily_signups WHERE platform = 'mastodon'"));
        assertEquals(2, count("SELECT count(DISTINCT instance) FROM daily_signups WHERE platform = 'mastodon'"));
    }

    @Test
    void equalStatusIdsOfTwoServersAreTwoPostsEachWithItsOwnServersAuthor() throws Exception {
        assertTrue(count("SELECT count(*) FROM (SELECT post_id FROM post_observations WHERE platform = 'mastodon'"
                + " GROUP BY post_id HAVING count(DISTINCT instance) = 2)") > 0, "the two servers' status ids overlap");
        long keys = count("SELECT count(DISTINCT (instance, post_id)) FROM post_observations WHERE platform = 'mastodon'");
        assertTrue(keys > count("SELECT count(DISTINCT post_id) FROM post_observations WHERE platform = 'mastodon'"));
        assertEquals(keys, count("SELECT count(*) FROM posts WHERE platform = 'mastodon'"));
        assertEquals(keys, count("SELECT count(DISTINCT (instance, post_id)) FROM post_versions WHERE platform = 'mastodon'"));
        // every post's author is an account of the post's own server, with the username that server gave it
        assertEquals(0, count("SELECT count(*) FROM posts p LEFT JOIN profiles a ON a.platform = p.platform"
                + " AND a.instance IS NOT DISTINCT FROM p.instance AND a.user_id = p.author_id"
                + " WHERE p.platform = 'mastodon' AND a.user_id IS NULL"));
        assertEquals(Set.of("gab.example", "social.example:8443"),
                strings("SELECT DISTINCT instance FROM posts WHERE platform = 'mastodon'"));
    }

    @Test
    void parlerRowsHaveNoInstanceAndKeepTheirCounts() throws Exception {
        assertEquals(PARLER_USERS, count("SELECT count(*) FROM profiles WHERE platform = 'parler'"));
        assertEquals(PARLER_USERS, count("SELECT count(*) FROM profile_history WHERE platform = 'parler'"));
        for (String t : List.of("profile_observations", "profiles", "profile_history")) {
            assertEquals(0, count("SELECT count(*) FROM " + t + " WHERE platform = 'parler' AND instance IS NOT NULL"), t);
        }
    }

    /** The shipped queries count and name accounts per server: equal ids of two servers are two authors. */
    @Test
    void theShippedQueriesTellTheServersAccountsApart() throws Exception {
        long authors = count("SELECT count(DISTINCT (instance, author_id)) FROM posts WHERE platform = 'mastodon'")
                + count("SELECT count(DISTINCT author_id) FROM posts WHERE platform = 'parler'");
        assertEquals(authors, ((Number) query("posts-captured", Map.of()).get(0).get("authors")).longValue());
        for (Map<String, Object> row : query("user-counts", Map.of())) {
            if (row.get("measure").equals("accounts_that_posted")) assertEquals(authors, ((Number) row.get("value")).longValue());
        }
        List<Map<String, Object>> top = query("top-followers", Map.of("limit", "1000"));
        assertEquals(count("SELECT count(*) FROM profiles WHERE followers_count IS NOT NULL"), top.size());
        Set<String> accountsTop = new HashSet<>();
        for (Map<String, Object> r : top) accountsTop.add(r.get("instance") + " " + r.get("user_id"));
        assertEquals(top.size(), accountsTop.size());
        for (String by : List.of("author", "day")) query("deletions", Map.of("by", by));
        List<Map<String, Object>> accounts = query("violent-prevalence", Map.of("by", "account"));
        for (Map<String, Object> r : accounts) {
            String instance = (String) r.get("instance"), id = (String) r.get("author_id");
            if (instance != null) assertEquals(this.accounts.get(instance).get(id), r.get("username"), instance + " " + id);
        }
        List<Map<String, Object>> coverage = query("coverage", Map.of("limit", "1000"));
        assertEquals(count("SELECT count(*) FROM profiles WHERE posts_low IS NOT NULL"), coverage.size());
        for (Map<String, Object> r : coverage) {
            if (r.get("instance") != null) {
                assertEquals(count("SELECT count(*) FROM posts WHERE instance = '" + r.get("instance") + "' AND author_id = (SELECT user_id"
                        + " FROM profiles WHERE instance = '" + r.get("instance") + "' AND username = '" + r.get("username") + "')"),
                        ((Number) r.get("posts_captured")).longValue(), r.toString());
            }
        }
    }

    private List<Map<String, Object>> query(String name, Map<String, String> params) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = Dataset.open(dataset);
             java.sql.PreparedStatement ps = io.lastlight.query.NamedQuery.load(name).prepare(c, params);
             ResultSet rs = ps.executeQuery()) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i), rs.getObject(i));
                out.add(row);
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Set<String> strings(String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
