package io.lastlight.simulate.world;

import io.lastlight.simulate.SimConfig;

import java.time.Instant;

import static io.lastlight.simulate.world.World.T_CTEXT;
import static io.lastlight.simulate.world.World.T_CTIME;

/**
 * The comments of a {@link World} (see its class comment, "Comments"): comment indices are blocks per post (so a
 * post's comments are contiguous) and, through a second permutation, blocks per commenter.
 */
final class CommentIndex {
    private final World world;
    private final long seed;
    private final int social;
    private final Ids ids;
    private final Instant start;
    private final long commentCount;
    private final Perm commentPostPerm;
    private final ZipfBlocks commentPostBlocks;
    private final Perm commentUserPerm;
    private final Perm commenterPerm;
    private final ZipfBlocks commenterBlocks;

    CommentIndex(World world, SimConfig cfg, int social, long postCount, Ids ids, Instant start) {
        this.world = world;
        this.seed = cfg.seed();
        this.social = social;
        this.ids = ids;
        this.start = start;
        this.commentCount = Math.round(postCount * cfg.commentsPerPost());
        this.commentPostPerm = new Perm(Math.max(1, postCount), Mix.hash(seed, 5, 0));
        this.commentPostBlocks = new ZipfBlocks(commentCount, Math.max(1, postCount), 1.3, postCount / 2000.0 + 1);
        this.commentUserPerm = new Perm(Math.max(1, commentCount), Mix.hash(seed, 6, 0));
        this.commenterPerm = new Perm(social, Mix.hash(seed, 7, 0)); // over popularity ranks of social accounts
        this.commenterBlocks = new ZipfBlocks(commentCount, social, 1.3, social / 300.0 + 1);
    }

    long commentCount() { return commentCount; }

    long commentsOnCount(long post) {
        if (commentCount == 0) return 0;
        return commentPostBlocks.size(commentPostPerm.apply(post));
    }

    long firstCommentOn(long post) {
        return commentCount == 0 ? 0 : commentPostBlocks.start(commentPostPerm.apply(post));
    }

    /** Commenters are the social (non-isolated) accounts; their comment counts are heavy-tailed. */
    private long commenterRank(int user) {
        int pop = world.popularityRank(user);
        return pop >= social ? Long.MAX_VALUE : commenterPerm.apply(pop);
    }

    long commentsByCount(int user) {
        if (commentCount == 0) return 0;
        long r = commenterRank(user);
        return r >= social ? 0 : commenterBlocks.size(r);
    }

    long commentBy(int user, long i) {
        long q = commenterBlocks.start(commenterRank(user)) + i;
        return commentUserPerm.inverse(q);
    }

    String commentId(long comment) { return ids.encode(Ids.COMMENT, comment + 1); }

    long commentIndexOfId(String id) {
        long num = ids.decode(Ids.COMMENT, id);
        return num < 1 || num > commentCount ? -1 : num - 1;
    }

    Comment comment(long c) {
        if (c < 0 || c >= commentCount) throw new IndexOutOfBoundsException("comment " + c);
        long postRank = commentPostBlocks.member(c);
        long post = commentPostPerm.inverse(postRank);
        long first = commentPostBlocks.start(postRank);
        long q = commentUserPerm.apply(c);
        int creator = world.indexOfRank((int) commenterPerm.inverse(commenterBlocks.member(q)));
        Instant pt = world.postTime(post);
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
