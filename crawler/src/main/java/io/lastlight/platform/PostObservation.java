package io.lastlight.platform;

import java.time.Instant;
import java.util.List;

/** A post as one captured response showed it. */
public record PostObservation(
        String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
        String text, String html, String lang, String parentId, String rootId, boolean isRepost, boolean isReply,
        Counts comments, Counts reposts, Counts upvotes, Counts impressions,
        List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
        boolean deleted) {
}
