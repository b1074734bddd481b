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
 * {@code posts} view with a classifier label (posts without text have none and cannot be annotated).
 */
public final class Posts implements AutoCloseable {
    /** The classifier's view of one post. */
    public record Labelled(String postId, boolean flagged, double score, String classifierVersion) {
        public Stratum stratum() { return Stratum.of(flagged, score); }
    }

    static final String POPULATION = "FROM posts WHERE violent IS NOT NULL AND violent_score IS NOT NULL";

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

    /** Streams every labelled post (post id, label, score). */
    public void forEach(Consumer<Labelled> sink) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT post_id, violent, violent_score, classifier_version " + POPULATION)) {
            while (rs.next()) sink.accept(new Labelled(rs.getString(1), rs.getBoolean(2), rs.getDouble(3), rs.getString(4)));
        }
    }

    /** Labelled posts by id, for the given ids (missing ids are absent from the map). */
    public Map<String, Labelled> lookup(java.util.Collection<String> ids) throws SQLException {
        Map<String, Labelled> out = new HashMap<>();
        forChunks(ids, "SELECT post_id, violent, violent_score, classifier_version " + POPULATION + " AND post_id IN ", rs -> {
            out.put(rs.getString(1), new Labelled(rs.getString(1), rs.getBoolean(2), rs.getDouble(3), rs.getString(4)));
        });
        return out;
    }

    /** Ids that are in the posts view at all (with or without text). */
    public java.util.Set<String> existing(java.util.Collection<String> ids) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        forChunks(ids, "SELECT post_id FROM posts WHERE post_id IN ", rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Texts of the given posts. */
    public Map<String, String> texts(java.util.Collection<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        forChunks(ids, "SELECT post_id, text FROM posts WHERE post_id IN ", rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
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
