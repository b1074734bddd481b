package io.lastlight.platform;

import java.time.Instant;

/** A profile as one captured response showed it. Platform-neutral: adapters fill what their platform has. */
public record ProfileObservation(
        String platform, String userId, String username, String displayName, String bio,
        Instant joinedAt, String joinedPrecision,
        Counts followers, Counts following, Counts posts,
        Boolean verified, Boolean banned, Boolean isPrivate,
        String source) {
    public static final String SOURCE_PROFILE = "profile";
    public static final String SOURCE_EMBEDDED = "embedded";
}
