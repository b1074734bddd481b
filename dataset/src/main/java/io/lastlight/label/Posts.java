package io.lastlight.label;

import io.lastlight.core.UserException;
import io.lastlight.query.Dataset;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The labelled posts of a dataset, as the label commands need them: the population is every post in the
 * {@code posts} view with a classifier label (posts without text have none and cannot be annotated). A post is
 * {@link PostKey (platform, instance, post_id)}: two Mastodon-API servers can both have a status 7.
 */
public final class Posts implements AutoCloseable {
    /** The classifier's view of one post. */
    public record Labelled(PostKey key, boolean flagged, double score, String classifierVersion) {
        public Stratum stratum() { return Stratum.of(flagged, score); }
        public String postId() { return key.postId(); }
    }

    private static final String KEY = "platform, instance, post_id";

    static final String POPULATION = "FROM posts WHERE violent IS NOT NULL AND violent_score IS NOT NULL";

    /**
     * SQL (a WITH clause's {@code keyed}): the annotations with the key of the post each names. A row imported before
     * instances were recorded has no platform: it names the post of its id if the dataset has exactly one (then it
     * gets that post's platform and instance), else it keeps no platform and {@code ambiguous} says whether several
     * servers' posts have its id. The shipped query violent-prevalence-adjusted.sql does the same.
     */
    static final String KEYED_ANNOTATIONS = "ids AS (SELECT post_id, count(*) AS n, min(platform) AS platform, min(instance) AS instance"
            + " FROM posts GROUP BY post_id), "
            + "keyed AS (SELECT a.* REPLACE (CASE WHEN a.platform IS NULL AND i.n = 1 THEN i.platform ELSE a.platform END AS platform,"
            + " CASE WHEN a.platform IS NULL AND i.n = 1 THEN i.instance ELSE a.instance END AS instance),"
            + " coalesce(a.platform IS NULL AND i.n > 1, false) AS ambiguous"
            + " FROM annotations a LEFT JOIN ids i ON a.platform IS NULL AND i.post_id = a.post_id)";

    private final Connection c;
    private final Path dir;

    private Posts(Connection c, Path dir) {
        this.c = c;
        this.dir = dir;
    }

    public static Posts open(Path dataset) throws SQLException {
        Connection c = Dataset.open(dataset);
        Posts p = new Posts(c, dataset);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'posts'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                c.close();
                throw new UserException(dataset + " has no posts view (no posts were captured); nothing to sample or annotate");
            }
        }
        return p;
    }

    public Connection connection() { return c; }

    /** Classifier versions that labelled the population (normally exactly one). */
    public List<String> classifierVersions() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT classifier_version " + POPULATION + " ORDER BY 1")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The single classifier version of the population; a clear error when there are none or several. */
    public String classifierVersion() throws SQLException {
        List<String> v = classifierVersions();
        if (v.isEmpty()) {
            throw new UserException(dir + " has no classified posts (posts.violent is null everywhere: no post has English text)");
        }
        if (v.size() > 1) {
            throw new UserException(dir + " mixes classifier versions " + v + "; rebuild it with 'lastlight build --force' so one version labels every post");
        }
        return v.get(0);
    }

    /** N_h: posts per stratum. */
    public Map<Stratum, Long> stratumSizes() throws SQLException {
        Map<Stratum, Long> out = new EnumMap<>(Stratum.class);
        for (Stratum s : Stratum.values()) out.put(s, 0L);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + Stratum.SQL_CASE + " AS stratum, count(*) " + POPULATION + " GROUP BY 1")) {
            while (rs.next()) out.put(Stratum.byId(rs.getString(1)), rs.getLong(2));
        }
        return out;
    }

    /** Streams every labelled post (key, label, score). */
    public void forEach(Consumer<Labelled> sink) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + KEY + ", violent, violent_score, classifier_version " + POPULATION)) {
            while (rs.next()) sink.accept(labelled(rs));
        }
    }

    /** Labelled posts of the given ids, by key (every server's post of such an id; missing ids are absent). */
    public Map<PostKey, Labelled> lookup(java.util.Collection<String> ids) throws SQLException {
        Map<PostKey, Labelled> out = new HashMap<>();
        forChunks(ids, "SELECT " + KEY + ", violent, violent_score, classifier_version " + POPULATION + " AND post_id IN ", rs -> {
            Labelled l = labelled(rs);
            out.put(l.key(), l);
        });
        return out;
    }

    /**
     * The posts of the given ids that are in the posts view at all (with or without text), by id: an id with more
     * than one key is a status number that several servers (or platforms) use.
     */
    public Map<String, List<PostKey>> existing(java.util.Collection<String> ids) throws SQLException {
        Map<String, List<PostKey>> out = new HashMap<>();
        forChunks(ids, "SELECT " + KEY + " FROM posts WHERE post_id IN ", rs ->
                out.computeIfAbsent(rs.getString(3), k -> new ArrayList<>()).add(key(rs)));
        for (List<PostKey> keys : out.values()) keys.sort(PostKey.ORDER);
        return out;
    }

    /** Texts of the given posts. */
    public Map<PostKey, String> texts(java.util.Collection<PostKey> keys) throws SQLException {
        java.util.Set<PostKey> wanted = new java.util.HashSet<>(keys);
        List<String> ids = new ArrayList<>();
        for (PostKey k : keys) ids.add(k.postId());
        Map<PostKey, String> out = new HashMap<>();
        forChunks(ids, "SELECT " + KEY + ", text FROM posts WHERE post_id IN ", rs -> {
            PostKey k = key(rs);
            if (wanted.contains(k)) out.put(k, rs.getString(4));
        });
        return out;
    }

    private static PostKey key(ResultSet rs) throws SQLException {
        return new PostKey(rs.getString(1), rs.getString(2), rs.getString(3));
    }

    private static Labelled labelled(ResultSet rs) throws SQLException {
        return new Labelled(key(rs), rs.getBoolean(4), rs.getDouble(5), rs.getString(6));
    }

    private interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    private void forChunks(java.util.Collection<String> ids, String sqlPrefix, RowSink sink) throws SQLException {
        List<String> all = new ArrayList<>(new TreeSet<>(ids));
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String sql = sqlPrefix + "(" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(rs);
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
