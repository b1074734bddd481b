package io.lastlight.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.world.World;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The right answers for a simulated world, as of the world start (moderation after the start is listed with
 * its times but does not change the figures). Computable without a server: {@link #compute(SimConfig)}.
 * Cost is O(users + posts) time; memory O(users) bits plus the id lists, which are only kept for worlds of
 * at most {@value #LIST_LIMIT} entries each.
 */
public final class GroundTruth {
    /** Id lists (reachable users, listed posts, deleted posts, violent posts) are kept up to this size. */
    public static final int LIST_LIMIT = 100_000;

    /** A user and a displayed-exact follower count. */
    public record Follower(String username, String id, long followers, long listed) {}

    /** A moderation event. */
    public record Event(String id, String username, Instant at) {}

    private final World world;
    private final long users;
    private final long reachableUsers;
    private final BitSet reachable;
    private final long posts;
    private final long reachablePosts;
    private final List<String> reachablePostIds;
    private final long postsEver;
    private final long echoes;
    private final long comments;
    private final long violentPosts;
    private final List<String> seedUsers;
    private final List<Follower> top100;
    private final List<Event> deletedPosts;
    private final long deletedPostsCount;
    private final List<Event> bannedUsers;
    private final List<String> violentPostIds;
    private final List<String> postIds;
    private final Map<String, Long> signupsPerDay;

    private GroundTruth(World world, Builder b) {
        this.world = world;
        this.users = world.users();
        this.reachable = b.reachable;
        this.reachableUsers = b.reachable.cardinality();
        this.posts = b.posts;
        this.reachablePosts = b.reachablePosts;
        this.reachablePostIds = b.reachablePostIds == null ? null : List.copyOf(b.reachablePostIds);
        this.postsEver = world.postCount();
        this.echoes = b.echoes;
        this.comments = world.commentCount();
        this.violentPosts = b.violent;
        this.seedUsers = List.copyOf(b.seeds);
        this.top100 = List.copyOf(b.top);
        this.deletedPosts = b.deleted == null ? null : List.copyOf(b.deleted);
        this.deletedPostsCount = b.deletedCount;
        this.bannedUsers = List.copyOf(b.banned);
        this.violentPostIds = b.violentIds == null ? null : List.copyOf(b.violentIds);
        this.postIds = b.postIds == null ? null : List.copyOf(b.postIds);
        this.signupsPerDay = Collections.unmodifiableMap(b.signups);
    }

    private static final class Builder {
        BitSet reachable;
        long posts, reachablePosts, echoes, violent, deletedCount;
        List<String> reachablePostIds = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        List<Follower> top = new ArrayList<>();
        List<Event> deleted = new ArrayList<>();
        List<Event> banned = new ArrayList<>();
        List<String> violentIds = new ArrayList<>();
        List<String> postIds = new ArrayList<>();
        Map<String, Long> signups = new TreeMap<>();
    }

    public static GroundTruth compute(SimConfig cfg) {
        return compute(new World(cfg));
    }

    public static GroundTruth compute(World w) {
        Builder b = new Builder();
        Instant t0 = w.start();
        int n = w.users();
        // --- reachability through followers/following lists and echoed posts' authors (banned accounts are listed but answer empty lists)
        BitSet bannedAtStart = new BitSet(n);
        for (int i = 0; i < n; i++) {
            Instant ban = w.bannedAt(i);
            if (ban != null) {
                if (!t0.isBefore(ban)) bannedAtStart.set(i);
                b.banned.add(new Event(w.userId(i), w.username(i), ban));
            }
        }
        int[] comp = new int[n];
        int[] queue = new int[n];
        List<long[]> comps = new ArrayList<>(); // {size, root index}
        int compId = 0;
        for (int rank = 0; rank < w.socialUsers(); rank++) {
            int start = w.indexOfRank(rank);
            if (comp[start] != 0 || bannedAtStart.get(start)) continue;
            compId++;
            long size = bfs(w, new int[]{start}, comp, compId, queue, bannedAtStart, false);
            comps.add(new long[]{size, start});
        }
        // The giant component's root (rank 0) always seeds; add the largest other components up to the cap.
        List<long[]> others = new ArrayList<>(comps.subList(Math.min(1, comps.size()), comps.size()));
        others.sort((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
        List<Integer> seeds = new ArrayList<>();
        if (!comps.isEmpty()) seeds.add((int) comps.get(0)[1]);
        for (long[] c : others) {
            if (seeds.size() >= Math.max(1, w.config().maxSeedUsers())) break;
            if (c[0] < 2) break;
            seeds.add((int) c[1]);
        }
        int[] marks = new int[n];
        bfs(w, seeds.stream().mapToInt(Integer::intValue).toArray(), marks, 1, queue, bannedAtStart, true);
        BitSet reach = new BitSet(n);
        for (int i = 0; i < n; i++) if (marks[i] != 0) reach.set(i);
        b.reachable = reach;
        for (int s : seeds) b.seeds.add(w.username(s));
        // --- top followers (displayed-exact), sign-ups per day
        PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) -> compareFollowers(w, y, x)); // worst on top
        for (int i = 0; i < n; i++) {
            long f = w.followersCount(i);
            long[] e = {f, i};
            if (heap.size() < 100) heap.add(e);
            else if (f >= heap.peek()[0] && compareFollowers(w, e, heap.peek()) < 0) {
                heap.poll();
                heap.add(e);
            }
            LocalDate day = w.joined(i).atZone(ZoneOffset.UTC).toLocalDate();
            b.signups.merge(day.toString(), 1L, Long::sum);
        }
        List<long[]> top = new ArrayList<>(heap);
        // rank by displayed count (phantom followers included), ties by username
        List<Follower> followers = new ArrayList<>();
        for (long[] e : top) {
            var u = w.user((int) e[1]);
            followers.add(new Follower(u.username(), u.id(), u.followersDisplayed(), u.followersListed()));
        }
        followers.sort((x, y) -> x.followers() != y.followers() ? Long.compare(y.followers(), x.followers())
                : x.username().compareTo(y.username()));
        b.top = followers;
        // --- posts listed at the world start
        for (int u = 0; u < n; u++) {
            long first = w.firstPostOf(u), c = w.postsOf(u);
            boolean bannedNow = bannedAtStart.get(u);
            for (long p = first; p < first + c; p++) {
                Instant del = w.deletedAt(p);
                if (del != null) {
                    b.deletedCount++;
                    if (b.deleted != null) {
                        b.deleted.add(new Event(w.postId(p), null, del));
                        if (b.deleted.size() > LIST_LIMIT) b.deleted = null;
                    }
                }
                if (bannedNow || (del != null && !t0.isBefore(del))) continue;
                b.posts++;
                if (reach.get(u)) {
                    b.reachablePosts++;
                    if (b.reachablePostIds != null) {
                        b.reachablePostIds.add(w.postId(p));
                        if (b.reachablePostIds.size() > LIST_LIMIT) b.reachablePostIds = null;
                    }
                }
                if (w.isEcho(p)) b.echoes++;
                if (b.postIds != null) {
                    b.postIds.add(w.postId(p));
                    if (b.postIds.size() > LIST_LIMIT) b.postIds = null;
                }
                if (w.isViolent(p)) {
                    b.violent++;
                    if (b.violentIds != null) {
                        b.violentIds.add(w.postId(p));
                        if (b.violentIds.size() > LIST_LIMIT) b.violentIds = null;
                    }
                }
            }
        }
        if (b.deleted != null) b.deleted.sort((x, y) -> x.at().compareTo(y.at()) != 0 ? x.at().compareTo(y.at()) : x.id().compareTo(y.id()));
        b.banned.sort((x, y) -> x.at().compareTo(y.at()) != 0 ? x.at().compareTo(y.at()) : x.id().compareTo(y.id()));
        return new GroundTruth(w, b);
    }

    /** Orders by listed followers desc, then username asc (negative = x ranks higher). */
    private static int compareFollowers(World w, long[] x, long[] y) {
        if (x[0] != y[0]) return Long.compare(y[0], x[0]);
        return w.username((int) x[1]).compareTo(w.username((int) y[1]));
    }

    /** Breadth-first search over followers and following lists; returns the number of nodes marked. */
    private static long bfs(World w, int[] starts, int[] mark, int id, int[] queue, BitSet banned, boolean markBanned) {
        int head = 0, tail = 0;
        long count = 0;
        for (int s : starts) {
            if (mark[s] == 0) {
                mark[s] = id;
                queue[tail++] = s;
                count++;
            }
        }
        while (head < tail) {
            int u = queue[head++];
            if (banned.get(u)) continue; // listed, but its own lists are empty
            int[] out = w.following(u);
            for (int v : out) {
                if (mark[v] == 0 && (markBanned || !banned.get(v))) {
                    mark[v] = id;
                    queue[tail++] = v;
                    count++;
                }
            }
            // A crawler also meets the authors of echoed posts: a creator list's users[] names them.
            // Only in the final pass (markBanned): the component pass that picks seeds can ignore this route,
            // since echoed authors are always in the follow graph, and it halves the cost at 1M users.
            long first = w.firstPostOf(u), pc = markBanned ? w.postsOf(u) : 0;
            for (long p = first; p < first + pc; p++) {
                long[] pr = w.parentAndRoot(p);
                if (pr[0] < 0) continue;
                Instant del = w.deletedAt(p);
                if (del != null && !w.start().isBefore(del)) continue;
                for (long ref : pr) {
                    if (ref < 0) continue;
                    int v = w.creatorOf(ref);
                    if (mark[v] == 0 && (markBanned || !banned.get(v))) {
                        mark[v] = id;
                        queue[tail++] = v;
                        count++;
                    }
                }
            }
            long fc = w.followersCount(u);
            for (long off = 0; off < fc; off += 1024) {
                for (int v : w.followers(u, off, 1024)) {
                    if (mark[v] == 0 && (markBanned || !banned.get(v))) {
                        mark[v] = id;
                        queue[tail++] = v;
                        count++;
                    }
                }
            }
        }
        return count;
    }

    public World world() { return world; }
    public long users() { return users; }
    public long reachableUsers() { return reachableUsers; }
    /** Whether the account (by index) is reachable from the seed users through follow lists and echoed posts. */
    public boolean reachable(int index) { return reachable.get(index); }
    /** Posts shown in creator lists at the world start (echoes included). */
    public long posts() { return posts; }
    /** Posts by reachable accounts shown at the world start: what a complete crawl from the seeds captures. */
    public long reachablePosts() { return reachablePosts; }
    /** Ids of {@link #reachablePosts()} (null above the list limit). */
    public List<String> reachablePostIds() { return reachablePostIds; }
    /** Posts ever created (including deleted ones and ones by banned accounts). */
    public long postsEver() { return postsEver; }
    public long echoes() { return echoes; }
    public long comments() { return comments; }
    public long violentPosts() { return violentPosts; }
    public List<String> seedUsers() { return seedUsers; }
    public List<Follower> topFollowers() { return top100.subList(0, Math.min(10, top100.size())); }
    public List<Follower> top100Followers() { return top100; }
    /** All deletions (before and after the world start), or null if more than LIST_LIMIT. */
    public List<Event> deletedPosts() { return deletedPosts; }
    public long deletedPostsCount() { return deletedPostsCount; }
    public List<Event> bannedUsers() { return bannedUsers; }
    public List<String> violentPostIds() { return violentPostIds; }
    /** Ids of the posts counted in {@link #posts()}, or null if more than LIST_LIMIT. */
    public List<String> postIds() { return postIds; }
    public Map<String, Long> signupsPerDay() { return signupsPerDay; }

    public List<String> reachableUserIds() {
        List<String> ids = new ArrayList<>();
        for (int i = reachable.nextSetBit(0); i >= 0; i = reachable.nextSetBit(i + 1)) ids.add(world.userId(i));
        return ids;
    }

    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("seed", world.seed());
        o.put("users_param", world.config().users());
        o.put("world_start", world.start().toString());
        o.put("users", users);
        o.put("reachable_users", reachableUsers);
        o.put("posts", posts);
        o.put("reachable_posts", reachablePosts);
        o.put("posts_ever", postsEver);
        o.put("echoes", echoes);
        o.put("comments", comments);
        o.put("violent_posts", violentPosts);
        ArrayNode seeds = o.putArray("seed_users");
        seedUsers.forEach(seeds::add);
        ArrayNode top10 = o.putArray("top_followers");
        for (Follower x : topFollowers()) top10.addArray().add(x.username()).add(x.followers());
        ArrayNode top = o.putArray("top_100_followers");
        for (Follower x : top100) top.addArray().add(x.username()).add(x.followers());
        o.put("deleted_posts_count", deletedPostsCount);
        if (deletedPosts != null) {
            ArrayNode d = o.putArray("deleted_posts");
            for (Event e : deletedPosts) d.addArray().add(e.id()).add(e.at().toString());
        }
        o.put("banned_users_count", bannedUsers.size());
        ArrayNode bu = o.putArray("banned_users");
        for (Event e : bannedUsers) bu.addArray().add(e.username()).add(e.id()).add(e.at().toString());
        ObjectNode s = o.putObject("signups_per_day");
        signupsPerDay.forEach(s::put);
        if (reachableUsers <= LIST_LIMIT) {
            ArrayNode r = o.putArray("reachable_user_ids");
            reachableUserIds().forEach(r::add);
        }
        if (postIds != null) {
            ArrayNode p = o.putArray("post_ids");
            postIds.forEach(p::add);
        }
        if (reachablePostIds != null) {
            ArrayNode p = o.putArray("reachable_post_ids");
            reachablePostIds.forEach(p::add);
        }
        if (violentPostIds != null) {
            ArrayNode v = o.putArray("violent_post_ids");
            violentPostIds.forEach(v::add);
        }
        return o;
    }

    public void writeJson(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
