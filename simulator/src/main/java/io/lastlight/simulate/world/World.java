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
 */
public final class World {
    public static final int LAYERS = 20;
    /** Moderation after the world start begins this long after it, so short crawls see a stable world. */
    public static final Duration MODERATION_QUIET = Duration.ofHours(1);
    public static final Duration MODERATION_AFTER_SPAN = Duration.ofHours(47);

    // hash tags (stream separators)
    private static final long T_JOIN = 11, T_NAME = 12, T_NAME2 = 13, T_STYLE = 14, T_BIO = 15, T_VERIFIED = 16,
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
    private final Perm[] layerPerm = new Perm[LAYERS];
    private final long[] layerM = new long[LAYERS];
    private final ZipfBlocks[] layerBlocks = new ZipfBlocks[LAYERS];
    private final long postCount;
    private final int posterMembers;
    private final Perm posterPerm;
    private final ZipfBlocks postBlocks;
    private final GapMap postNumbers;
    private final long commentCount;
    private final Perm commentPostPerm;
    private final ZipfBlocks commentPostBlocks;
    private final Perm commentUserPerm;
    private final Perm commenterPerm;
    private final ZipfBlocks commenterBlocks;
    private final long taggedCount;
    private final Perm tagPerm;
    private final ZipfBlocks tagBlocks;
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
        for (int j = 0; j < LAYERS; j++) {
            layerPerm[j] = new Perm(social, Mix.hash(seed, 3, j));
            layerM[j] = (long) Math.floor(social * Math.min(1.0, 1.2 / (1 + 0.35 * j)));
            long members = j < social ? (social - j + LAYERS - 1) / LAYERS : 0;
            layerBlocks[j] = new ZipfBlocks(members == 0 ? 0 : layerM[j], members, 1.3, 1.0);
        }
        this.postCount = Math.round(n * cfg.meanPosts());
        this.posterMembers = Math.max(1, (int) Math.round(n * 0.7));
        this.posterPerm = new Perm(n, Mix.hash(seed, 4, 0));
        this.postBlocks = new ZipfBlocks(postCount, posterMembers, 1.4, n / 300.0 + 1);
        this.postNumbers = new GapMap(postCount, 89, 41);
        this.commentCount = Math.round(postCount * cfg.commentsPerPost());
        this.commentPostPerm = new Perm(Math.max(1, postCount), Mix.hash(seed, 5, 0));
        this.commentPostBlocks = new ZipfBlocks(commentCount, Math.max(1, postCount), 1.3, postCount / 2000.0 + 1);
        this.commentUserPerm = new Perm(Math.max(1, commentCount), Mix.hash(seed, 6, 0));
        this.commenterPerm = new Perm(social, Mix.hash(seed, 7, 0)); // over popularity ranks of social accounts
        this.commenterBlocks = new ZipfBlocks(commentCount, social, 1.3, social / 300.0 + 1);
        this.taggedCount = Math.round(postCount * 0.35);
        this.tagPerm = new Perm(Math.max(1, postCount), Mix.hash(seed, 8, 0));
        this.tagBlocks = new ZipfBlocks(taggedCount, Words.TAGS.length, 1.1, 1.0);
        this.phantom = cfg.phantomFollowers();
    }

    public SimConfig config() { return cfg; }
    public long seed() { return seed; }
    /** Number of existing accounts. */
    public int users() { return n; }
    /** Accounts taking part in the follow graph (the rest are isolated). */
    public int socialUsers() { return social; }
    /** Number of posts ever created (including ones deleted later and ones by banned accounts). */
    public long postCount() { return postCount; }
    public long commentCount() { return commentCount; }
    public Instant start() { return start; }
    public Ids ids() { return ids; }
    public Signups signups() { return signups; }
    public long maxUserNumber() { return userNumbers.maxNumber(); }
    public long maxPostNumber() { return postNumbers.maxNumber(); }

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
    public long followersCount(int index) {
        int t = popularityRank(index);
        if (t >= social) return 0;
        int j = t % LAYERS;
        long k = t / LAYERS;
        ZipfBlocks zb = layerBlocks[j];
        long b = zb.start(k), s = zb.size(k);
        long self = layerPerm[j].apply(t);
        return self >= b && self < b + s ? s - 1 : s;
    }

    /** Account indices of followers at positions [offset, offset+limit) of the followers list. */
    public int[] followers(int index, long offset, int limit) {
        long count = followersCount(index);
        if (offset >= count || limit <= 0) return new int[0];
        int t = popularityRank(index);
        int j = t % LAYERS;
        long k = t / LAYERS;
        long b = layerBlocks[j].start(k), s = layerBlocks[j].size(k);
        long self = layerPerm[j].apply(t);
        boolean selfIn = self >= b && self < b + s;
        int m = (int) Math.min(limit, count - offset);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            long pos = b + offset + i;
            if (selfIn && pos >= self) pos++;
            out[i] = indexOfRank((int) layerPerm[j].inverse(pos));
        }
        return out;
    }

    /** Account indices this account follows, in list order. */
    public int[] following(int index) {
        int r = popularityRank(index);
        if (r >= social) return new int[0];
        int[] tmp = new int[LAYERS];
        int c = 0;
        for (int j = 0; j < LAYERS; j++) {
            if (layerBlocks[j].members() == 0) continue;
            long pos = layerPerm[j].apply(r);
            if (pos >= layerM[j]) continue;
            long t = layerBlocks[j].member(pos) * LAYERS + j;
            if (t == r) continue;
            tmp[c++] = indexOfRank((int) t);
        }
        return java.util.Arrays.copyOf(tmp, c);
    }

    /** Same as {@code following(index).length}, without resolving targets (only the own class can self-hit). */
    public int followingCount(int index) {
        int r = popularityRank(index);
        if (r >= social) return 0;
        int c = 0;
        for (int j = 0; j < LAYERS; j++) {
            if (layerBlocks[j].members() == 0) continue;
            long pos = layerPerm[j].apply(r);
            if (pos >= layerM[j]) continue;
            if (j == r % LAYERS && layerBlocks[j].member(pos) * LAYERS + j == r) continue;
            c++;
        }
        return c;
    }

    // ------------------------------------------------------------------ posts

    private int posterRank(int index) { return (int) posterPerm.apply(index); }

    /** Number of posts the account ever created. */
    public long postsOf(int index) {
        int r = posterRank(index);
        return r >= posterMembers ? 0 : postBlocks.size(r);
    }

    /** Index of the account's first (oldest) post; its posts are [first, first + postsOf). */
    public long firstPostOf(int index) {
        int r = posterRank(index);
        return r >= posterMembers ? 0 : postBlocks.start(r);
    }

    public int creatorOf(long post) {
        return (int) posterPerm.inverse(postBlocks.member(post));
    }

    public long postNumber(long post) { return postNumbers.number(post); }

    public long postIndexOfNumber(long number) { return postNumbers.index(number); }

    /** Number of posts whose number is below {@code number}: the first post index at or above it. */
    public long postsBelowNumber(long number) { return postNumbers.countBelow(number); }

    public String postId(long post) { return ids.encode(Ids.POST, postNumber(post)); }

    public long postIndexOfId(String id) {
        long num = ids.decode(Ids.POST, id);
        return num < 0 ? -1 : postIndexOfNumber(num);
    }

    /** Creation time of a post: the creator's posts are spread between joining and the world start, later-heavy. */
    public Instant postTime(long post) {
        int creator = creatorOf(post);
        return postTime(post, creator);
    }

    private Instant postTime(long post, int creator) {
        long first = firstPostOf(creator);
        long c = postsOf(creator);
        long k = post - first;
        Instant j = joined(creator);
        long spanMs = Duration.between(j, start).toMillis() - 30 * 60_000L;
        if (spanMs < 1000) spanMs = 1000;
        double x = (k + Mix.unit(seed, T_POSTTIME, post)) / c;
        double y = Math.pow(x, 0.6);
        return j.plusMillis((long) (spanMs * y));
    }

    private boolean echoFlag(long post) { return Mix.unit(seed, T_ECHO, post) < 0.2; }

    private boolean depth2Flag(long post) { return Mix.unit(seed, T_ECHO2, post) < 0.25; }

    /** Parent of a depth-1 echo (an original post by someone else, earlier), or -1. */
    private long depth1Parent(long post, int creator, Instant time) {
        for (int t = 0; t < 4; t++) {
            long q = Math.floorMod(Mix.hash(seed, T_ECHOCAND, post, t), postCount);
            if (q == post || echoFlag(q)) continue;
            int qc = creatorOf(q);
            if (qc == creator || popularityRank(qc) >= social) continue; // isolated accounts are never echoed
            if (!postTime(q, qc).isBefore(time)) continue;
            return q;
        }
        return -1;
    }

    /** {parent, root} for a post; {-1,-1} for an original. */
    public long[] parentAndRoot(long post) {
        if (!echoFlag(post)) return new long[]{-1, -1};
        int creator = creatorOf(post);
        Instant time = postTime(post, creator);
        if (depth2Flag(post)) {
            for (int t = 0; t < 4; t++) {
                long q = Math.floorMod(Mix.hash(seed, T_ECHOCAND, post, 100 + t), postCount);
                if (q == post || !echoFlag(q) || depth2Flag(q)) continue;
                int qc = creatorOf(q);
                if (qc == creator || popularityRank(qc) >= social) continue;
                Instant qt = postTime(q, qc);
                if (!qt.isBefore(time)) continue;
                long qp = depth1Parent(q, qc, qt);
                if (qp < 0) continue;
                return new long[]{q, qp};
            }
            return new long[]{-1, -1};
        }
        long p = depth1Parent(post, creator, time);
        return new long[]{p, p};
    }

    /** Deletion time of a post, or null if never deleted. */
    public Instant deletedAt(long post) {
        if (cfg.deletedFraction() <= 0 || Mix.unit(seed, T_DEL, post) >= cfg.deletedFraction()) return null;
        double u = Mix.unit(seed, T_DELTIME, post);
        if (u < 0.6) {
            Instant t = postTime(post);
            long span = Duration.between(t, start).getSeconds();
            return t.plusSeconds(Math.max(1, (long) (span * u / 0.6)));
        }
        return start.plus(MODERATION_QUIET).plusSeconds((long) (MODERATION_AFTER_SPAN.getSeconds() * (u - 0.6) / 0.4));
    }

    /** Whether the post shows in its creator's list (and hashtag feeds) at the world time. */
    public boolean listed(long post, Instant worldTime) {
        Instant d = deletedAt(post);
        if (d != null && !worldTime.isBefore(d)) return false;
        return !banned(creatorOf(post), worldTime);
    }

    public String hashtagOf(long post) {
        long q = tagPerm.apply(post);
        return q < taggedCount ? Words.TAGS[(int) tagBlocks.member(q)] : null;
    }

    public List<String> hashtags() { return List.of(Words.TAGS); }

    /** Number of posts carrying the tag (listed or not); feed positions are [0, count). */
    public long tagCount(String tag) {
        int t = tagIndex(tag);
        return t < 0 ? 0 : tagBlocks.size(t);
    }

    /** The post at position i of the tag's feed. */
    public long tagPost(String tag, long i) {
        int t = tagIndex(tag);
        return tagPerm.inverse(tagBlocks.start(t) + i);
    }

    /** Position of a post in its tag's feed, or -1. */
    public long tagPosition(String tag, long post) {
        int t = tagIndex(tag);
        if (t < 0 || post < 0 || post >= postCount) return -1;
        long q = tagPerm.apply(post);
        long s = tagBlocks.start(t);
        return q >= s && q < s + tagBlocks.size(t) ? q - s : -1;
    }

    private static int tagIndex(String tag) {
        if (tag == null) return -1;
        String t = tag.startsWith("#") ? tag.substring(1) : tag;
        for (int i = 0; i < Words.TAGS.length; i++) if (Words.TAGS[i].equalsIgnoreCase(t)) return i;
        return -1;
    }

    /** Whether the post is an echo (depth ≥ 1). */
    public boolean isEcho(long post) {
        return parentAndRoot(post)[0] >= 0;
    }

    /** Ground-truth label: whether the post incites or threatens violence. */
    public boolean isViolent(long post) {
        return Mix.unit(seed, T_KIND, post) < cfg.violentFraction();
    }

    public Post post(long post) {
        if (post < 0 || post >= postCount) throw new IndexOutOfBoundsException("post " + post);
        int creator = creatorOf(post);
        Instant created = postTime(post, creator);
        long[] pr = parentAndRoot(post);
        int depth = pr[0] < 0 ? 0 : (pr[0] == pr[1] ? 1 : 2);
        double ku = Mix.unit(seed, T_KIND, post);
        Texts.Kind kind = ku < cfg.violentFraction() ? Texts.Kind.VIOLENT
                : ku < cfg.violentFraction() + cfg.hardNegativeFraction() ? Texts.Kind.HARD_NEGATIVE : Texts.Kind.ORDINARY;
        String tag = hashtagOf(post);
        long th = Mix.hash(seed, T_TEXT, post);
        String body;
        if (depth > 0 && kind == Texts.Kind.ORDINARY && Mix.unit(seed, T_ECHOBODY, post) < 0.6) {
            body = "";
        } else {
            body = Texts.text(kind, th);
        }
        Post.Link link = null;
        if (Mix.unit(seed, T_LINK, post) < 0.15) {
            long lh = Mix.hash(seed, T_LINK, post, 1);
            String site = Words.SITES[Mix.pick(lh, Words.SITES.length)];
            String title = Texts.fill(Words.HEADLINES[Mix.pick(Mix.mix64(lh), Words.HEADLINES.length)], lh);
            String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
            java.time.ZonedDateTime z = created.atZone(ZoneOffset.UTC);
            String longUrl = "https://www." + site + "/" + z.getYear() + "/" + String.format(Locale.ROOT, "%02d", z.getMonthValue()) + "/" + slug;
            String lid = ids.encode(Ids.LINK, postNumber(post));
            String shortUrl = "https://par.pw/l/" + lid.substring(0, 7);
            link = new Post.Link(lid, longUrl, shortUrl, "www." + site, title, site);
            body = body.isEmpty() ? shortUrl : body + " " + shortUrl;
        }
        if (tag != null) body = body.isEmpty() ? "#" + tag : body + " #" + tag;
        int media = Mix.unit(seed, T_MEDIA, post) < 0.2 ? 1 + Mix.pick(Mix.hash(seed, T_MEDIA, post, 1), 3) : 0;
        long ch = Mix.hash(seed, T_COUNTS, post);
        long followers = followersCount(creator);
        long impressions = (long) ((20 + followers * 4) * (0.5 + 2 * Mix.unit(ch)));
        long upvotes = (long) (impressions * 0.08 * Mix.unit(Mix.mix64(ch + 1)));
        long reposts = (long) (upvotes * 0.3 * Mix.unit(Mix.mix64(ch + 2)));
        boolean violent = kind == Texts.Kind.VIOLENT;
        boolean sensitive = Mix.unit(seed, T_SENS, post) < (violent ? 0.3 : 0.02);
        return new Post(post, postNumber(post), postId(post), creator, created, body, depth, pr[0], pr[1],
                tag == null ? List.of() : List.of(tag), link, media, commentsOnCount(post), impressions, reposts,
                upvotes, sensitive, violent, kind == Texts.Kind.HARD_NEGATIVE, deletedAt(post));
    }

    // ------------------------------------------------------------------ comments

    public long commentsOnCount(long post) {
        if (commentCount == 0) return 0;
        return commentPostBlocks.size(commentPostPerm.apply(post));
    }

    /** Index of the first comment on a post; its comments are [first, first + commentsOnCount), oldest first. */
    public long firstCommentOn(long post) {
        return commentCount == 0 ? 0 : commentPostBlocks.start(commentPostPerm.apply(post));
    }

    /** Commenters are the social (non-isolated) accounts; their comment counts are heavy-tailed. */
    private long commenterRank(int user) {
        int pop = popularityRank(user);
        return pop >= social ? Long.MAX_VALUE : commenterPerm.apply(pop);
    }

    public long commentsByCount(int user) {
        if (commentCount == 0) return 0;
        long r = commenterRank(user);
        return r >= social ? 0 : commenterBlocks.size(r);
    }

    /** The i-th comment (0-based) written by the account (list order is stable but not chronological). */
    public long commentBy(int user, long i) {
        long q = commenterBlocks.start(commenterRank(user)) + i;
        return commentUserPerm.inverse(q);
    }

    public String commentId(long comment) { return ids.encode(Ids.COMMENT, comment + 1); }

    public long commentIndexOfId(String id) {
        long num = ids.decode(Ids.COMMENT, id);
        return num < 1 || num > commentCount ? -1 : num - 1;
    }

    public Comment comment(long c) {
        if (c < 0 || c >= commentCount) throw new IndexOutOfBoundsException("comment " + c);
        long postRank = commentPostBlocks.member(c);
        long post = commentPostPerm.inverse(postRank);
        long first = commentPostBlocks.start(postRank);
        long q = commentUserPerm.apply(c);
        int creator = indexOfRank((int) commenterPerm.inverse(commenterBlocks.member(q)));
        Instant pt = postTime(post);
        long gapMs = 60_000L + (long) (Mix.unit(seed, T_CTIME, post) * 3_600_000L);
        long offset = (long) (((c - first) + Mix.unit(seed, T_CTIME, c, 1)) * gapMs);
        Instant t = pt.plusMillis(offset);
        Instant limit = start.minusSeconds(60);
        if (t.isAfter(limit)) t = limit.isAfter(pt) ? limit : pt;
        String body = Texts.comment(Mix.hash(seed, T_CTEXT, c));
        long up = (long) (10 * Mix.unit(seed, T_CTEXT, c, 2) * Mix.unit(seed, T_CTEXT, c, 3) * 10);
        return new Comment(c, c + 1, commentId(c), creator, post, t, body, up);
    }
}
