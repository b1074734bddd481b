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
        String source, String badge) {
    public static final String SOURCE_PROFILE = "profile";
    public static final String SOURCE_EMBEDDED = "embedded";

    public ProfileObservation(
            String platform, String userId, String username, String displayName, String bio,
            Instant joinedAt, String joinedPrecision,
            Counts followers, Counts following, Counts posts,
            Boolean verified, Boolean banned, Boolean isPrivate,
            String source) {
        this(platform, userId, username, displayName, bio, joinedAt, joinedPrecision, followers, following, posts,
                verified, banned, isPrivate, source, null);
    }
}
