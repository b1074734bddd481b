package io.lastlight.platform;

import java.time.Instant;
import java.util.List;

/**
 * A post as one captured response showed it.
 *
 * <p>{@code authorUsername}: the author's username where the response showed it (web pages show names, not
 * ids). {@code createdLow}/{@code createdHigh}: the interval the creation time certainly lies in, where the
 * response gave only a coarse time ("4 days ago", "Jan 6, 2021"); null where {@code createdAt} is exact or
 * unknown. {@code idDerived}: the response did not show this post's id, so {@code postId} was derived from its
 * content (see docs/parler-web-pages.md).
 */
public record PostObservation(
        String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
        String text, String html, String lang, String parentId, String rootId, boolean isRepost, boolean isReply,
        Counts comments, Counts reposts, Counts upvotes, Counts impressions,
        List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
        boolean deleted, String authorUsername, Instant createdLow, Instant createdHigh, boolean idDerived) {

    /** A post whose response showed its id and, if any, an exact creation time (every API response). */
    public PostObservation(
            String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
            String text, String html, String lang, String parentId, String rootId, boolean isRepost, boolean isReply,
            Counts comments, Counts reposts, Counts upvotes, Counts impressions,
            List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
            boolean deleted) {
        this(platform, postId, authorId, createdAt, createdPrecision, text, html, lang, parentId, rootId, isRepost, isReply,
                comments, reposts, upvotes, impressions, hashtags, mentions, links, mediaIds, deleted, null, null, null, false);
    }
}
