package io.lastlight.simulate.world;

import java.time.Instant;

/**
 * One simulated account, generated from (seed, index). {@code index} is the dense account index in join
 * order (0-based), {@code number} the sequential public number behind the id (1-based, with gaps).
 * {@code followersDisplayed} may exceed {@code followersListed} for a few top accounts: followers outside the
 * simulated population, as a real platform shows when only part of it is reachable.
 */
public record User(
        int index,
        long number,
        String id,
        String username,
        String name,
        String bio,
        Instant joined,
        boolean verified,
        boolean isolated,
        int popularityRank,
        long followersListed,
        long followersDisplayed,
        int following,
        long posts,
        long comments,
        long likes,
        long media,
        long score,
        int interactions,
        int[] badges,
        Instant bannedAt) {

    /** Whether the account is banned at the given world time. */
    public boolean bannedAt(Instant worldTime) {
        return bannedAt != null && !worldTime.isBefore(bannedAt);
    }
}
