package io.lastlight.platform;

import java.time.Instant;
import java.util.List;

/** A post as one captured response showed it. */
public record PostObservation(
        String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
        String text, String html, String lang, String parentId, String rootId, boolean isRepost, boolean isReply,
        Counts comments, Counts reposts, Counts upvotes, Counts impressions,
        List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
        boolean deleted, String extras) {

    /**
     * Without extras. {@code extras} is a JSON object of platform-specific fields that have no column of their own
     * (e.g. Pleroma's {@code pleroma} object), or null.
     */
    public PostObservation(String platform, String postId, String authorId, Instant createdAt, String createdPrecision,
                           String text, String html, String lang, String parentId, String rootId, boolean isRepost,
                           boolean isReply, Counts comments, Counts reposts, Counts upvotes, Counts impressions,
                           List<String> hashtags, List<String> mentions, List<String> links, List<String> mediaIds,
                           boolean deleted) {
        this(platform, postId, authorId, createdAt, createdPrecision, text, html, lang, parentId, rootId, isRepost, isReply,
                comments, reposts, upvotes, impressions, hashtags, mentions, links, mediaIds, deleted, null);
    }

    /** A builder, for adapters that fill only some fields: {@code PostObservation.builder("toy", "p1").text("hi").build()}. */
    public static Builder builder(String platform, String postId) {
        return new Builder(platform, postId);
    }

    /** Builds a {@link PostObservation}; unset fields are null, false or empty. */
    public static final class Builder {
        private final String platform;
        private final String postId;
        private String authorId, createdPrecision, text, html, lang, parentId, rootId, extras;
        private Instant createdAt;
        private boolean isRepost, isReply, deleted;
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
        /** Platform-specific fields as one JSON object (null: none). */
        public Builder extras(String v) { extras = v; return this; }
        public Builder comments(Counts v) { comments = v; return this; }
        public Builder reposts(Counts v) { reposts = v; return this; }
        public Builder upvotes(Counts v) { upvotes = v; return this; }
        public Builder impressions(Counts v) { impressions = v; return this; }
        public Builder hashtags(List<String> v) { hashtags = List.copyOf(v); return this; }
        public Builder mentions(List<String> v) { mentions = List.copyOf(v); return this; }
        public Builder links(List<String> v) { links = List.copyOf(v); return this; }
        public Builder mediaIds(List<String> v) { mediaIds = List.copyOf(v); return this; }

        public PostObservation build() {
            return new PostObservation(platform, postId, authorId, createdAt, createdPrecision, text, html, lang, parentId,
                    rootId, isRepost, isReply, comments, reposts, upvotes, impressions, hashtags, mentions, links, mediaIds,
                    deleted, extras);
        }
    }
}
