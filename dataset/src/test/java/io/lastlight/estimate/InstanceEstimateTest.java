package io.lastlight.estimate;

import io.lastlight.build.TwoServers;
import io.lastlight.query.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastlight estimate users} on a dataset of two Mastodon-API servers with equal account ids ({@link TwoServers}):
 * the discovery routes count an account per (platform, instance, user_id), so account 1 of each server is two
 * accounts, not one found twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceEstimateTest {
    @TempDir
    static Path tmp;
    Path dataset;

    @BeforeAll
    void build() throws Exception {
        dataset = TwoServers.build(tmp).dataset;
        assertTrue(count("SELECT count(*) - count(DISTINCT user_id) FROM profiles") >= TwoServers.USERS / 2, "the servers' account ids overlap");
    }

    @Test
    void theSameCaptureTwiceEstimatesEveryAccountOfBothServers() throws Exception {
        UserEstimate e = estimate("capture-recapture (two datasets)");
        long profiles = count("SELECT count(*) FROM profiles");
        assertEquals(2L * TwoServers.USERS + TwoServers.PARLER_USERS, profiles);
        assertEquals(profiles, ((Number) e.evidence().get("route_a_found")).longValue());
        assertEquals(profiles, ((Number) e.evidence().get("found_by_both")).longValue());
        assertEquals(profiles, Math.round(e.estimate()));
    }

    @Test
    void postListsCountEachServersAuthors() throws Exception {
        UserEstimate e = estimate("capture-recapture (follow lists vs post lists)");
        long authors = count("SELECT count(*) FROM (SELECT DISTINCT platform, instance, author_id FROM post_observations"
                + " WHERE author_id IS NOT NULL UNION SELECT o.platform, o.instance, o.user_id FROM profile_observations o"
                + " JOIN captures c USING (warc_file, warc_offset) WHERE o.source = 'embedded' AND c.item_kind IN ('posts', 'post'))");
        assertTrue(authors > count("SELECT count(DISTINCT author_id) FROM post_observations"));
        assertEquals(authors, ((Number) e.evidence().get("route_b_found")).longValue());
    }

    private UserEstimate estimate(String method) throws Exception {
        List<UserEstimate> all = UserEstimator.estimate(dataset, dataset, null, "user");
        for (UserEstimate e : all) if (e.method().equals(method)) return e;
        assertNotNull(null, method + " not in " + all);
        return null;
    }

    private long count(String sql) throws Exception {
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
