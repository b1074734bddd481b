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
        boolean deleted, String authorUsername, Instant createdLow, Instant createdHigh, boolean idDerived, String extras) {

    /** Without extras: a JSON object of platform-specific fields that have no column of their own, or null. */
    public PostObservation(
            String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
            String text, String html, String lang, String parentId, String rootId, boolean isRepost, boolean isReply,
            Counts comments, Counts reposts, Counts upvotes, Counts impressions,
            List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
            boolean deleted, String authorUsername, Instant createdLow, Instant createdHigh, boolean idDerived) {
        this(platform, postId, authorId, createdAt, createdPrecision, text, html, lang, parentId, rootId, isRepost, isReply,
                comments, reposts, upvotes, impressions, hashtags, mentions, links, mediaIds, deleted, authorUsername,
                createdLow, createdHigh, idDerived, null);
    }

    /** An API post with platform-specific extras (e.g. Pleroma's {@code pleroma} object) as one JSON object. */
    public PostObservation(
            String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
            String text, String html, String lang, String parentId, String rootId, boolean isRepost, boolean isReply,
            Counts comments, Counts reposts, Counts upvotes, Counts impressions,
            List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
            boolean deleted, String extras) {
        this(platform, postId, authorId, createdAt, createdPrecision, text, html, lang, parentId, rootId, isRepost, isReply,
                comments, reposts, upvotes, impressions, hashtags, mentions, links, mediaIds, deleted, null, null, null,
                false, extras);
    }

    /** A post whose response showed its id and, if any, an exact creation time (every API response). */
    public PostObservation(
            String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
            String text, String html, String lang, String parentId, String rootId, boolean isRepost, boolean isReply,
            Counts comments, Counts reposts, Counts upvotes, Counts impressions,
            List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
            boolean deleted) {
        this(platform, postId, authorId, createdAt, createdPrecision, text, html, lang, parentId, rootId, isRepost, isReply,
                comments, reposts, upvotes, impressions, hashtags, mentions, links, mediaIds, deleted, null, null, null, false, null);
    }

    /** A builder, for adapters that fill only some fields: {@code PostObservation.builder("toy", "p1").text("hi").build()}. */
    public static Builder builder(String platform, String postId) {
        return new Builder(platform, postId);
    }

    /** Builds a {@link PostObservation}; unset fields are null, false or empty. */
    public static final class Builder {
        private final String platform;
        private final String postId;
        private String authorId, createdPrecision, text, html, lang, parentId, rootId;
        private Instant createdAt;
        private boolean isRepost, isReply, deleted, idDerived;
        private String authorUsername, extras;
        private Instant createdLow, createdHigh;
        private Counts comments, reposts, upvotes, impressions;
        private List<String> hashtags = List.of(), mentions = List.of(), links = List.of(), mediaIds = List.of();

        private Builder(String platform, String postId) {
            this.platform = platform;
            this.postId = postId;
        }

        public Builder authorId(String v) { authorId = v; return this; }
        /** When the post was made, and how precisely the platform said so ({@code second}, {@code day} …). */
        public Builder createdAt(Instant v, String precision) { createdAt = v; createdPrecision = precision; return this; }
        public Builder text(String v) { text = v; return this; }
        public Builder html(String v) { html = v; return this; }
        public Builder lang(String v) { lang = v; return this; }
        /** The post this one replies to or reposts, and the root of its thread. */
        public Builder parent(String parent, String root) { parentId = parent; rootId = root; return this; }
        public Builder repost(boolean v) { isRepost = v; return this; }
        public Builder reply(boolean v) { isReply = v; return this; }
        public Builder deleted(boolean v) { deleted = v; return this; }
        public Builder comments(Counts v) { comments = v; return this; }
        public Builder reposts(Counts v) { reposts = v; return this; }
        public Builder upvotes(Counts v) { upvotes = v; return this; }
        public Builder impressions(Counts v) { impressions = v; return this; }
        public Builder hashtags(List<String> v) { hashtags = List.copyOf(v); return this; }
        public Builder mentions(List<String> v) { mentions = List.copyOf(v); return this; }
        public Builder links(List<String> v) { links = List.copyOf(v); return this; }
        public Builder mediaIds(List<String> v) { mediaIds = List.copyOf(v); return this; }
        /** The author's username, where the response showed it (web pages show names, not ids). */
        public Builder authorUsername(String v) { authorUsername = v; return this; }
        /** The interval the creation time certainly lies in, where the response gave only a coarse time. */
        public Builder createdBetween(Instant low, Instant high) { createdLow = low; createdHigh = high; return this; }
        /** The response did not show the post's id: {@code postId} was derived from its content. */
        public Builder idDerived(boolean v) { idDerived = v; return this; }
        /** Platform-specific fields as one JSON object (null: none). */
        public Builder extras(String v) { extras = v; return this; }

        public PostObservation build() {
            return new PostObservation(platform, postId, authorId, createdAt, createdPrecision, text, html, lang, parentId,
                    rootId, isRepost, isReply, comments, reposts, upvotes, impressions, hashtags, mentions, links, mediaIds,
                    deleted, authorUsername, createdLow, createdHigh, idDerived, extras);
        }
    }
}
