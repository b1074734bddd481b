package io.lastlight.platform;

/**
 * What a kind of item is for, as the deadline scheduler sees it ({@code --schedule tiered}). The scheduler
 * tiers and values requests by role, never by the adapter's kind names; an adapter maps each of its kinds to
 * a role with {@link Platform#roleOf}.
 */
public enum KindRole {
    /** An account's profile: tier 1, valued by the account's followers. */
    PROFILE,
    /** A page of an account's posts ({@link CrawlRequest#owner()} is the account): tier 2 or 3 by followers. */
    POST_LIST,
    /** A page of an account's followers (owner = the account): discovers profiles while that pays, else tier 4. */
    FOLLOWER_LIST,
    /** A page of the accounts an account follows (owner = the account): as {@link #FOLLOWER_LIST}. */
    FOLLOWING_LIST,
    /** Edges and replies that add no profile: tier 4, valued per measured cost. */
    EDGES,
    /** Media files and web pages: tier 5, valued per measured cost. */
    MEDIA,
    /** Anything else: keeps the tier and value the adapter gave it. */
    OTHER;

    /** Whether this role is a follower or following list. */
    public boolean isFollowList() {
        return this == FOLLOWER_LIST || this == FOLLOWING_LIST;
    }
}
