package io.lastlight.platform;

import java.time.Instant;

/**
 * A profile as one captured response showed it. Platform-neutral: adapters fill what their platform has.
 * {@code badge}: the badge a web page showed next to the name (Parler: verified, gold, parody …), or null.
 */
public record ProfileObservation(
        String platform, String userId, String username, String displayName, String bio,
        Instant joinedAt, String joinedPrecision,
        Counts followers, Counts following, Counts posts,
        Boolean verified, Boolean banned, Boolean isPrivate,
        String source, String badge, String extras) {
    public static final String SOURCE_PROFILE = "profile";
    public static final String SOURCE_EMBEDDED = "embedded";

    public ProfileObservation(
            String platform, String userId, String username, String displayName, String bio,
            Instant joinedAt, String joinedPrecision,
            Counts followers, Counts following, Counts posts,
            Boolean verified, Boolean banned, Boolean isPrivate,
            String source) {
        this(platform, userId, username, displayName, bio, joinedAt, joinedPrecision, followers, following, posts,
                verified, banned, isPrivate, source, null, null);
    }

    /** With a badge (web pages), without extras. */
    public ProfileObservation(
            String platform, String userId, String username, String displayName, String bio,
            Instant joinedAt, String joinedPrecision,
            Counts followers, Counts following, Counts posts,
            Boolean verified, Boolean banned, Boolean isPrivate,
            String source, String badge) {
        this(platform, userId, username, displayName, bio, joinedAt, joinedPrecision, followers, following, posts,
                verified, banned, isPrivate, source, badge, null);
    }

    /** This profile with platform-specific fields that have no column of their own (e.g. Gab's {@code is_pro}) as one JSON object. */
    public ProfileObservation withExtras(String json) {
        return new ProfileObservation(platform, userId, username, displayName, bio, joinedAt, joinedPrecision, followers,
                following, posts, verified, banned, isPrivate, source, badge, json);
    }

    /** A builder, for adapters that fill only some fields; the source defaults to {@link #SOURCE_PROFILE}. */
    public static Builder builder(String platform, String userId) {
        return new Builder(platform, userId);
    }

    /** Builds a {@link ProfileObservation}; unset fields are null. */
    public static final class Builder {
        private final String platform;
        private final String userId;
        private String username, displayName, bio, joinedPrecision, badge, source = SOURCE_PROFILE, extras;
        private Instant joinedAt;
        private Counts followers, following, posts;
        private Boolean verified, banned, isPrivate;

        private Builder(String platform, String userId) {
            this.platform = platform;
            this.userId = userId;
        }

        public Builder username(String v) { username = v; return this; }
        public Builder displayName(String v) { displayName = v; return this; }
        public Builder bio(String v) { bio = v; return this; }
        /** When the account was made, and how precisely the platform said so. */
        public Builder joinedAt(Instant v, String precision) { joinedAt = v; joinedPrecision = precision; return this; }
        public Builder followers(Counts v) { followers = v; return this; }
        public Builder following(Counts v) { following = v; return this; }
        public Builder posts(Counts v) { posts = v; return this; }
        public Builder verified(Boolean v) { verified = v; return this; }
        public Builder banned(Boolean v) { banned = v; return this; }
        public Builder isPrivate(Boolean v) { isPrivate = v; return this; }
        /** The badge a web page showed next to the name (Parler: verified, gold, parody …). */
        public Builder badge(String v) { badge = v; return this; }
        /** Platform-specific fields as one JSON object (null: none). */
        public Builder extras(String v) { extras = v; return this; }
        /** {@link #SOURCE_PROFILE} for the account's own profile, {@link #SOURCE_EMBEDDED} for one seen inside another capture. */
        public Builder source(String v) { source = v; return this; }

        public ProfileObservation build() {
            return new ProfileObservation(platform, userId, username, displayName, bio, joinedAt, joinedPrecision,
                    followers, following, posts, verified, banned, isPrivate, source, badge, extras);
        }
    }
}
