package io.lastlight.estimate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The sets of accounts two discovery routes found, for capture–recapture. Within one dataset: route A = accounts
 * listed in follower/following pages, route B = accounts named in post lists (authors of posts and of echoed
 * posts). Between two datasets: every profile each captured, or the valid id probes of each pass. An account is
 * (platform, instance, user_id), kept as one string ({@link #key}): Mastodon-API servers number their own accounts,
 * so account 1 of gab.com and account 1 of another server are two accounts, not one seen twice.
 */
public final class DiscoveryRoutes {
    private DiscoveryRoutes() {}

    public static Set<String> followLists(Connection c) throws SQLException {
        return ids(c, "SELECT DISTINCT o.platform, o.instance, o.user_id FROM profile_observations o JOIN captures c USING (warc_file, warc_offset)"
                + " WHERE o.source = 'embedded' AND c.item_kind IN ('followers', 'following')");
    }

    public static Set<String> postLists(Connection c) throws SQLException {
        return ids(c, "SELECT DISTINCT o.platform, o.instance, o.user_id FROM profile_observations o JOIN captures c USING (warc_file, warc_offset)"
                + " WHERE o.source = 'embedded' AND c.item_kind IN ('posts', 'post')"
                + " UNION SELECT DISTINCT platform, instance, author_id FROM post_observations WHERE author_id IS NOT NULL");
    }

    public static Set<String> allProfiles(Connection c) throws SQLException {
        return ids(c, "SELECT platform, instance, user_id FROM profiles");
    }

    /** Keys of the (platform, instance, id) rows of {@code sql}. */
    static Set<String> ids(Connection c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(key(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
        return out;
    }

    /** One account as a string: platform, instance (empty when none) and id, tab-separated (none holds a tab). */
    static String key(String platform, String instance, String id) {
        return platform + '\t' + (instance == null ? "" : instance) + '\t' + id;
    }

    public static long overlap(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b, big = small == a ? b : a;
        long m = 0;
        for (String s : small) if (big.contains(s)) m++;
        return m;
    }
}
