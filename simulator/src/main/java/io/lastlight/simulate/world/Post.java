package io.lastlight.simulate.world;

import java.time.Instant;
import java.util.List;

/**
 * One post (or echo), generated from (seed, index). {@code index} is the dense post index; {@code number} the
 * sequential number behind the public id. Echoes have depth ≥ 1 and a parent/root (post indices, -1 if none).
 * {@code violent} is the ground-truth label (incites or threatens violence); {@code hardNegative} marks
 * texts written to fool keyword matching (news, condemnation, negation, idioms, sports, games).
 */
public record Post(
        long index,
        long number,
        String id,
        int creator,
        Instant createdAt,
        String body,
        int depth,
        long parent,
        long root,
        List<String> hashtags,
        Link link,
        int mediaCount,
        long comments,
        long impressions,
        long reposts,
        long upvotes,
        boolean sensitive,
        boolean violent,
        boolean hardNegative,
        Instant deletedAt) {

    public boolean echo() {
        return depth > 0;
    }

    public boolean deletedAt(Instant worldTime) {
        return deletedAt != null && !worldTime.isBefore(deletedAt);
    }

    /** An outlink attached to a post. */
    public record Link(String id, String longUrl, String shortUrl, String domain, String title, String siteName) {}
}
