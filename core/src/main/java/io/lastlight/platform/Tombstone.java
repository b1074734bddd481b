package io.lastlight.platform;

/**
 * A capture showing an item gone: a post or profile lookup answered 404/410 or "not found".
 * {@code itemType} is {@code post}, {@code profile} (looked up by user id) or {@code username}.
 */
public record Tombstone(String platform, String itemType, String itemId, String reason) {
    public static final String POST = "post";
    public static final String PROFILE = "profile";
    public static final String USERNAME = "username";
}
