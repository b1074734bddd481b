package io.lastlight.schedule;

import java.util.List;

/**
 * The default capture tiers, most valuable first. A platform adapter assigns each request a tier; the
 * frontier leases strictly by tier, then by value within a tier.
 */
public enum Tier {
    PROFILES(1, "profiles", "every reachable profile's metadata (and the list pages that discover profiles)"),
    TOP_POSTS(2, "top-posts", "posts of the accounts with most followers, newest first"),
    POSTS(3, "posts", "the rest of the posts"),
    EDGES(4, "edges", "follower/following edges and comments"),
    MEDIA(5, "media", "media files");

    private final int number;
    private final String label;
    private final String description;

    Tier(int number, String label, String description) {
        this.number = number;
        this.label = label;
        this.description = description;
    }

    public int number() { return number; }
    public String label() { return label; }
    public String description() { return description; }

    public static List<Tier> ordered() {
        return List.of(values());
    }

    public static Tier of(int number) {
        for (Tier t : values()) if (t.number == number) return t;
        throw new IllegalArgumentException("no tier " + number);
    }
}
