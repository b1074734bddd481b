package io.lastlight.simulate.world;

import io.lastlight.simulate.SimConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulated platform's world, generated lazily: any user, post, comment or list page is a pure function
 * of the seed and its index, computed in O(1) (follower pages in O(page)). Nothing is held per user or post.
 *
 * <h2>Construction (so that both directions of every relation are O(1))</h2>
 * <ul>
 *   <li>Accounts have a dense index in join order; public numbers skip every 97th number (gaps).</li>
 *   <li>Follow graph: accounts are ranked by popularity (a keyed permutation). The isolated tail ranks
 *   (≈1.5%) take no part. In each of {@value #LAYERS} layers j every social rank has a position under a
 *   keyed permutation; positions below M_j follow one account of class j (ranks ≡ j mod LAYERS), chosen by
 *   heavy-tailed blocks over positions ({@link ZipfBlocks}). A rank's followers are the inverse images of its
 *   block, so followers and following lists are consistent and enumerable without an edge table.</li>
 *   <li>Posts: post indices are split into heavy-tailed blocks, one per poster rank; a user's posts are
 *   contiguous indices ordered by time, numbered with gaps (every 89th number).</li>
 *   <li>Comments: comment indices are blocks per post (so a post's comments are contiguous) and, through a
 *   second permutation, blocks per commenter.</li>
 *   <li>Hashtag feeds: a permutation of post indices; the first 35% carry one hashtag by blocks over tags.</li>
 * </ul>
 * This class holds the accounts; the follow graph, posts, comments and hashtag feeds are in {@code FollowGraph},
 * {@code PostIndex}, {@code CommentIndex} and {@code HashtagFeeds}.
 */
public final class World {
    public static final int LAYERS = 20;
    /** Moderation after the world start begins this long after it, so short crawls see a stable world. */
    public static final Duration MODERATION_QUIET = Duration.ofHours(1);
    public static final Duration MODERATION_AFTER_SPAN = Duration.ofHours(47);

    // hash tags (stream separators)
    static final long T_JOIN = 11, T_NAME = 12, T_NAME2 = 13, T_STYLE = 14, T_BIO = 15, T_VERIFIED = 16,
            T_BAN = 17, T_BANTIME = 18, T_LIKES = 19, T_PHANTOM = 20, T_POSTTIME = 21, T_ECHO = 22, T_ECHO2 = 23,
            T_ECHOCAND = 24, T_KIND = 25, T_TEXT = 26, T_ECHOBODY = 27, T_LINK = 28, T_MEDIA = 29, T_DEL = 30,
            T_DELTIME = 31, T_COUNTS = 32, T_SENS = 33, T_CTIME = 34, T_CTEXT = 35, T_MOD = 36;

    private final SimConfig cfg;
    private final long seed;
    private final int n;
    private final int social;
    private final Ids ids;
    private final GapMap userNumbers;
    private final Signups signups;
    private final Instant start;
    private final Perm popularity;
    private final Perm names;
    private final long nameSpace;
    private final FollowGraph follows;
    private final PostIndex posts;
    private final CommentIndex comments;
    private final HashtagFeeds tags;
    private final boolean phantom;

    public World(SimConfig cfg) {
        this.cfg = cfg;
        this.seed = cfg.seed();
        this.n = cfg.users();
        this.ids = new Ids(seed);
        this.userNumbers = new GapMap(n, 97, 13);
        this.start = cfg.worldStart();
        LocalDate lastJoinDay = start.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        this.signups = new Signups(lastJoinDay, cfg.spikeScale());
        int isolated = (int) Math.floor(n * 0.015);
        this.social = Math.max(1, n - isolated);
        this.popularity = new Perm(n, Mix.hash(seed, 1, 0));
        long space = 100;
        while (space < 10L * n) space *= 10;
        this.nameSpace = space;
        this.names = new Perm(space, Mix.hash(seed, 2, 0));
        this.follows = new FollowGraph(this, seed, social);
        this.posts = new PostIndex(this, cfg, n, social, ids, start);
        this.comments = new CommentIndex(this, cfg, social, posts.postCount(), ids, start);
        this.tags = new HashtagFeeds(seed, posts.postCount());
        this.phantom = cfg.phantomFollowers();
    }

    public SimConfig config() { return cfg; }
    public long seed() { return seed; }
    /** Number of existing accounts. */
    public int users() { return n; }
    /** Accounts taking part in the follow graph (the rest are isolated). */
    public int socialUsers() { return social; }
    /** Number of posts ever created (including ones deleted later and ones by banned accounts). */
    public long postCount() { return posts.postCount(); }
    public long commentCount() { return comments.commentCount(); }
    public Instant start() { return start; }
    public Ids ids() { return ids; }
    public Signups signups() { return signups; }
    public long maxUserNumber() { return userNumbers.maxNumber(); }
    public long maxPostNumber() { return posts.maxPostNumber(); }

    // ------------------------------------------------------------------ users

    public long userNumber(int index) { return userNumbers.number(index); }

    /** Account index behind a public number, or -1 (gap / out of range). */
    public int userIndexOfNumber(long number) { return (int) userNumbers.index(number); }

    public String userId(int index) { return ids.encode(Ids.USER, userNumber(index)); }

    /** Account index behind a public id, or -1. */
    public int userIndexOfId(String id) {
        long num = ids.decode(Ids.USER, id);
        return num < 0 ? -1 : userIndexOfNumber(num);
    }

    /** Account index with this username (case-insensitive), or -1. */
    public int userIndexOfName(String username) {
        if (username == null) return -1;
        int end = username.length(), s = end;
        while (s > 0 && Character.isDigit(username.charAt(s - 1))) s--;
        if (s == end || end - s > 12) return -1;
        long d = Long.parseLong(username.substring(s));
        if (d >= nameSpace) return -1;
        long idx = names.inverse(d);
        if (idx >= n) return -1;
        return username(( int) idx).equalsIgnoreCase(username) ? (int) idx : -1;
    }

    public int popularityRank(int index) { return (int) popularity.apply(index); }

    public int indexOfRank(int rank) { return (int) popularity.inverse(rank); }

    public String username(int index) {
        long h = Mix.hash(seed, T_NAME, index);
        long digits = names.apply(index);
        String a = Words.HANDLE_A[Mix.pick(h, Words.HANDLE_A.length)];
        String b = Words.HANDLE_B[Mix.pick(Mix.mix64(h), Words.HANDLE_B.length)];
        switch (Mix.pick(Mix.hash(seed, T_STYLE, index), 5)) {
            case 0: return a + "_" + b + digits;
            case 1: return (a + b).toLowerCase(Locale.ROOT) + digits;
            case 2: {
                long h2 = Mix.hash(seed, T_NAME2, index);
                return Words.FIRST[Mix.pick(h2, Words.FIRST.length)] + Words.LAST[Mix.pick(Mix.mix64(h2), Words.LAST.length)].replace("-", "") + digits;
            }
            default: return a + b + digits;
        }
    }

    public Instant joined(int index) {
        double q = (index + 0.999 * Mix.unit(seed, T_JOIN, index)) / n;
        return signups.at(q);
    }

    /** Ban time of the account, or null if never banned. Top-100 accounts are never banned. */
    public Instant bannedAt(int index) {
        if (cfg.bannedFraction() <= 0 || popularityRank(index) < 100) return null;
        if (Mix.unit(seed, T_BAN, index) >= cfg.bannedFraction()) return null;
        double u = Mix.unit(seed, T_BANTIME, index);
        if (u < 0.5) {
            Instant j = joined(index);
            long span = Duration.between(j, start).getSeconds();
            return j.plusSeconds(Math.max(1, (long) (span * (0.2 + 0.8 * u / 0.5))));
        }
        return start.plus(MODERATION_QUIET).plusSeconds((long) (MODERATION_AFTER_SPAN.getSeconds() * (u - 0.5) / 0.5));
    }

    public boolean banned(int index, Instant worldTime) {
        Instant b = bannedAt(index);
        return b != null && !worldTime.isBefore(b);
    }

    /** A small direct-mapped cache of generated users: fixed size, so memory stays flat in N. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<User> userCache = new java.util.concurrent.atomic.AtomicReferenceArray<>(8192);

    public User user(int index) {
        if (index < 0 || index >= n) throw new IndexOutOfBoundsException("user " + index);
        int slot = index & 8191;
        User cached = userCache.get(slot);
        if (cached != null && cached.index() == index) return cached;
        User u = generateUser(index);
        userCache.set(slot, u);
        return u;
    }

    private User generateUser(int index) {
        int rank = popularityRank(index);
        boolean isolated = rank >= social;
        long listed = followersCount(index);
        long displayed = listed;
        if (phantom && rank < 10) {
            displayed += Math.round(n * 3.0 / (rank + 1) * (0.9 + 0.2 * Mix.unit(seed, T_PHANTOM, index)));
        }
        int following = followingCount(index);
        Instant joined = joined(index);
        boolean verified = rank < 20 || Mix.unit(seed, T_VERIFIED, index) < 0.01;
        long h = Mix.hash(seed, T_BIO, index);
        String bio = bio(h);
        long h2 = Mix.hash(seed, T_NAME2, index);
        String name = Words.FIRST[Mix.pick(h2, Words.FIRST.length)] + " " + Words.LAST[Mix.pick(Mix.mix64(h2), Words.LAST.length)];
        long posts = postsOf(index);
        long comments = commentsByCount(index);
        long likes = (long) ((posts + 1) * 3 * Mix.unit(seed, T_LIKES, index) * (1 + listed / 10.0));
        long media = Math.round(posts * 0.2);
        long score = listed * 5 + posts * 2 + likes;
        long modh = Mix.hash(seed, T_MOD, index);
        int interactions = (int) (modh & 0x1F);
        if (Mix.unit(modh) < 0.002) interactions |= 1 << 5;
        if (Mix.unit(modh) < 0.0005) interactions |= 1 << 6;
        List<Integer> badges = new ArrayList<>();
        if (verified) badges.add(0);
        if (rank < 20) badges.add(1);
        if (joined.isBefore(Instant.parse("2019-01-01T00:00:00Z"))) badges.add(9);
        int[] b = badges.stream().mapToInt(Integer::intValue).toArray();
        return new User(index, userNumber(index), userId(index), username(index), name, bio, joined, verified,
                isolated, rank, listed, displayed, following, posts, comments, likes, media, score, interactions, b,
                bannedAt(index));
    }

    private static String bio(long h) {
        String s = Texts.fill(Words.BIO[Mix.pick(h, Words.BIO.length)], h);
        StringBuilder sb = new StringBuilder(s);
        int tags = Mix.pick(Mix.mix64(h + 7), 3);
        for (int i = 0; i < tags; i++) {
            if (sb.length() > 0) sb.append(' ');
            sb.append('#').append(Words.TAGS[Mix.pick(Mix.mix64(h + 10 + i), 20)]);
        }
        if (Mix.pick(Mix.mix64(h + 20), 3) > 0) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(Words.EMOJI[Mix.pick(Mix.mix64(h + 21), Words.EMOJI.length)]);
            sb.append(Words.EMOJI[Mix.pick(Mix.mix64(h + 22), Words.EMOJI.length)]);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ follow graph

    /** Number of accounts listed as following this account. */
    public long followersCount(int index) { return follows.followersCount(index); }

    /** Account indices of followers at positions [offset, offset+limit) of the followers list. */
    public int[] followers(int index, long offset, int limit) { return follows.followers(index, offset, limit); }

    /** Account indices this account follows, in list order. */
    public int[] following(int index) { return follows.following(index); }

    /** Same as {@code following(index).length}, without resolving targets (only the own class can self-hit). */
    public int followingCount(int index) { return follows.followingCount(index); }

    // ------------------------------------------------------------------ posts

    /** Number of posts the account ever created. */
    public long postsOf(int index) { return posts.postsOf(index); }

    /** Index of the account's first (oldest) post; its posts are [first, first + postsOf). */
    public long firstPostOf(int index) { return posts.firstPostOf(index); }

    public int creatorOf(long post) { return posts.creatorOf(post); }

    public long postNumber(long post) { return posts.postNumber(post); }

    public long postIndexOfNumber(long number) { return posts.postIndexOfNumber(number); }

    /** Number of posts whose number is below {@code number}: the first post index at or above it. */
    public long postsBelowNumber(long number) { return posts.postsBelowNumber(number); }

    public String postId(long post) { return posts.postId(post); }

    public long postIndexOfId(String id) { return posts.postIndexOfId(id); }

    /** Creation time of a post: the creator's posts are spread between joining and the world start, later-heavy. */
    public Instant postTime(long post) { return posts.postTime(post); }

    /** {parent, root} for a post; {-1,-1} for an original. */
    public long[] parentAndRoot(long post) { return posts.parentAndRoot(post); }

    /** Deletion time of a post, or null if never deleted. */
    public Instant deletedAt(long post) { return posts.deletedAt(post); }

    /** Whether the post shows in its creator's list (and hashtag feeds) at the world time. */
    public boolean listed(long post, Instant worldTime) { return posts.listed(post, worldTime); }

    public String hashtagOf(long post) { return tags.hashtagOf(post); }

    public List<String> hashtags() { return tags.hashtags(); }

    /** Number of posts carrying the tag (listed or not); feed positions are [0, count). */
    public long tagCount(String tag) { return tags.tagCount(tag); }

    /** The post at position i of the tag's feed. */
    public long tagPost(String tag, long i) { return tags.tagPost(tag, i); }

    /** Position of a post in its tag's feed, or -1. */
    public long tagPosition(String tag, long post) { return tags.tagPosition(tag, post); }

    /** Whether the post is an echo (depth ≥ 1). */
    public boolean isEcho(long post) { return posts.isEcho(post); }

    /** Ground-truth label: whether the post incites or threatens violence. */
    public boolean isViolent(long post) { return posts.isViolent(post); }

    public Post post(long post) { return posts.post(post); }

    // ------------------------------------------------------------------ comments

    public long commentsOnCount(long post) { return comments.commentsOnCount(post); }

    /** Index of the first comment on a post; its comments are [first, first + commentsOnCount), oldest first. */
    public long firstCommentOn(long post) { return comments.firstCommentOn(post); }

    public long commentsByCount(int user) { return comments.commentsByCount(user); }

    /** The i-th comment (0-based) written by the account (list order is stable but not chronological). */
    public long commentBy(int user, long i) { return comments.commentBy(user, i); }

    public String commentId(long comment) { return comments.commentId(comment); }

    public long commentIndexOfId(String id) { return comments.commentIndexOfId(id); }

    public Comment comment(long c) { return comments.comment(c); }
}

