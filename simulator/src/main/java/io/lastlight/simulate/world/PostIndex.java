package io.lastlight.simulate.world;

import io.lastlight.simulate.SimConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static io.lastlight.simulate.world.World.MODERATION_AFTER_SPAN;
import static io.lastlight.simulate.world.World.MODERATION_QUIET;
import static io.lastlight.simulate.world.World.T_COUNTS;
import static io.lastlight.simulate.world.World.T_DEL;
import static io.lastlight.simulate.world.World.T_DELTIME;
import static io.lastlight.simulate.world.World.T_ECHO;
import static io.lastlight.simulate.world.World.T_ECHO2;
import static io.lastlight.simulate.world.World.T_ECHOBODY;
import static io.lastlight.simulate.world.World.T_ECHOCAND;
import static io.lastlight.simulate.world.World.T_KIND;
import static io.lastlight.simulate.world.World.T_LINK;
import static io.lastlight.simulate.world.World.T_MEDIA;
import static io.lastlight.simulate.world.World.T_POSTTIME;
import static io.lastlight.simulate.world.World.T_SENS;
import static io.lastlight.simulate.world.World.T_TEXT;

/**
 * The posts of a {@link World} (see its class comment, "Posts"): heavy-tailed blocks of post indices per poster
 * rank, numbered with gaps; their times, echoes, deletions and content.
 */
final class PostIndex {
    private final World world;
    private final SimConfig cfg;
    private final long seed;
    private final int social;
    private final Ids ids;
    private final Instant start;
    private final long postCount;
    private final int posterMembers;
    private final Perm posterPerm;
    private final ZipfBlocks postBlocks;
    private final GapMap postNumbers;

    PostIndex(World world, SimConfig cfg, int n, int social, Ids ids, Instant start) {
        this.world = world;
        this.cfg = cfg;
        this.seed = cfg.seed();
        this.social = social;
        this.ids = ids;
        this.start = start;
        this.postCount = Math.round(n * cfg.meanPosts());
        this.posterMembers = Math.max(1, (int) Math.round(n * 0.7));
        this.posterPerm = new Perm(n, Mix.hash(seed, 4, 0));
        this.postBlocks = new ZipfBlocks(postCount, posterMembers, 1.4, n / 300.0 + 1);
        this.postNumbers = new GapMap(postCount, 89, 41);
    }

    long postCount() { return postCount; }

    long maxPostNumber() { return postNumbers.maxNumber(); }

    private int posterRank(int index) { return (int) posterPerm.apply(index); }

    long postsOf(int index) {
        int r = posterRank(index);
        return r >= posterMembers ? 0 : postBlocks.size(r);
    }

    long firstPostOf(int index) {
        int r = posterRank(index);
        return r >= posterMembers ? 0 : postBlocks.start(r);
    }

    int creatorOf(long post) {
        return (int) posterPerm.inverse(postBlocks.member(post));
    }

    long postNumber(long post) { return postNumbers.number(post); }

    long postIndexOfNumber(long number) { return postNumbers.index(number); }

    long postsBelowNumber(long number) { return postNumbers.countBelow(number); }

    String postId(long post) { return ids.encode(Ids.POST, postNumber(post)); }

    long postIndexOfId(String id) {
        long num = ids.decode(Ids.POST, id);
        return num < 0 ? -1 : postIndexOfNumber(num);
    }

    Instant postTime(long post) {
        int creator = creatorOf(post);
        return postTime(post, creator);
    }

    private Instant postTime(long post, int creator) {
        long first = firstPostOf(creator);
        long c = postsOf(creator);
        long k = post - first;
        Instant j = world.joined(creator);
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
            if (qc == creator || world.popularityRank(qc) >= social) continue; // isolated accounts are never echoed
            if (!postTime(q, qc).isBefore(time)) continue;
            return q;
        }
        return -1;
    }

    long[] parentAndRoot(long post) {
        if (!echoFlag(post)) return new long[]{-1, -1};
        int creator = creatorOf(post);
        Instant time = postTime(post, creator);
        if (depth2Flag(post)) {
            for (int t = 0; t < 4; t++) {
                long q = Math.floorMod(Mix.hash(seed, T_ECHOCAND, post, 100 + t), postCount);
                if (q == post || !echoFlag(q) || depth2Flag(q)) continue;
                int qc = creatorOf(q);
                if (qc == creator || world.popularityRank(qc) >= social) continue;
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

    Instant deletedAt(long post) {
        if (cfg.deletedFraction() <= 0 || Mix.unit(seed, T_DEL, post) >= cfg.deletedFraction()) return null;
        double u = Mix.unit(seed, T_DELTIME, post);
        if (u < 0.6) {
            Instant t = postTime(post);
            long span = Duration.between(t, start).getSeconds();
            return t.plusSeconds(Math.max(1, (long) (span * u / 0.6)));
        }
        return start.plus(MODERATION_QUIET).plusSeconds((long) (MODERATION_AFTER_SPAN.getSeconds() * (u - 0.6) / 0.4));
    }

    boolean listed(long post, Instant worldTime) {
        Instant d = deletedAt(post);
        if (d != null && !worldTime.isBefore(d)) return false;
        return !world.banned(creatorOf(post), worldTime);
    }
    boolean isEcho(long post) {
        return parentAndRoot(post)[0] >= 0;
    }

    boolean isViolent(long post) {
        return Mix.unit(seed, T_KIND, post) < cfg.violentFraction();
    }

    Post post(long post) {
        if (post < 0 || post >= postCount) throw new IndexOutOfBoundsException("post " + post);
        int creator = creatorOf(post);
        Instant created = postTime(post, creator);
        long[] pr = parentAndRoot(post);
        int depth = pr[0] < 0 ? 0 : (pr[0] == pr[1] ? 1 : 2);
        double ku = Mix.unit(seed, T_KIND, post);
        Texts.Kind kind = ku < cfg.violentFraction() ? Texts.Kind.VIOLENT
                : ku < cfg.violentFraction() + cfg.hardNegativeFraction() ? Texts.Kind.HARD_NEGATIVE : Texts.Kind.ORDINARY;
        String tag = world.hashtagOf(post);
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
        long followers = world.followersCount(creator);
        long impressions = (long) ((20 + followers * 4) * (0.5 + 2 * Mix.unit(ch)));
        long upvotes = (long) (impressions * 0.08 * Mix.unit(Mix.mix64(ch + 1)));
        long reposts = (long) (upvotes * 0.3 * Mix.unit(Mix.mix64(ch + 2)));
        boolean violent = kind == Texts.Kind.VIOLENT;
        boolean sensitive = Mix.unit(seed, T_SENS, post) < (violent ? 0.3 : 0.02);
        return new Post(post, postNumber(post), postId(post), creator, created, body, depth, pr[0], pr[1],
                tag == null ? List.of() : List.of(tag), link, media, world.commentsOnCount(post), impressions, reposts,
                upvotes, sensitive, violent, kind == Texts.Kind.HARD_NEGATIVE, deletedAt(post));
    }
}
