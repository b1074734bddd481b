package io.lastlight.e2e;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Parler pages carry the posts their echoes point to ({@code postRefs[]}), and each is a row, also when the world
 * no longer lists it (deleted before the crawl, observed with {@code deleted} set). A crawl's posts are then the
 * posts the world listed plus such originals: {@link #listed} takes away the deleted originals the truth does not
 * list, so a test can still compare with the truth exactly, and any other unexplained post (one not held as
 * deleted among them) stays in and fails it.
 */
public final class EchoedOriginals {
    /** Ids of the posts the dataset's echoes point to (the parent or root of a repost) that it holds as deleted. */
    public static final String SQL = "SELECT post_id FROM posts WHERE deleted AND post_id IN ("
            + "SELECT parent_id FROM posts WHERE is_repost AND parent_id IS NOT NULL"
            + " UNION SELECT root_id FROM posts WHERE is_repost AND root_id IS NOT NULL)";

    private EchoedOriginals() {}

    /** {@code posts} without the {@code originals} (ids from {@link #SQL}) that are not in {@code listedByTruth}. */
    public static Set<String> listed(Collection<String> listedByTruth, Set<String> posts, Set<String> originals) {
        Set<String> truth = new HashSet<>(listedByTruth);
        Set<String> out = new HashSet<>(posts);
        for (String id : originals) if (!truth.contains(id)) out.remove(id);
        return out;
    }
}
