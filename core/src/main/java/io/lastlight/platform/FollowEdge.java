package io.lastlight.platform;

/** follower follows followee, as seen in a followers ({@code source = "followers"}) or following page. */
public record FollowEdge(String platform, String followerId, String followeeId, String source) {
}
