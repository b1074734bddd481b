package io.lastlight.platform;

/**
 * The standard kinds of item ({@link CrawlRequest#kind()}, {@code captures.item_kind}). An adapter may name
 * kinds of its own; it tells the generic code what they are for through {@link Platform#roleOf}, and the
 * standard names below have their standard role unless the adapter says otherwise.
 */
public final class Kinds {
    /** One account's profile (metadata and counts). */
    public static final String PROFILE = "profile";
    /** A page of one account's posts. */
    public static final String POSTS = "posts";
    /** A page of one account's followers. */
    public static final String FOLLOWERS = "followers";
    /** A page of the accounts one account follows. */
    public static final String FOLLOWING = "following";
    /** One post by its id. */
    public static final String POST = "post";
    /** A page of replies (comments) to one post. */
    public static final String COMMENTS = "comments";
    /** A media file (image, video). */
    public static final String MEDIA = "media";
    /** A probe of a sequential id ({@link IdSpace}). */
    public static final String ID_PROBE = "id-probe";
    /** robots.txt, fetched by the crawler itself. */
    public static final String ROBOTS = "robots";
    /** A URL the adapter does not recognise. */
    public static final String OTHER = "other";

    /** The standard kinds an adapter's requests may have. */
    public static final java.util.Set<String> STANDARD = java.util.Set.of(PROFILE, POSTS, FOLLOWERS, FOLLOWING, POST, COMMENTS, MEDIA);

    private Kinds() {}

    /** The role of a standard kind; {@link KindRole#OTHER} for any other name. */
    public static KindRole standardRole(String kind) {
        switch (kind) {
            case PROFILE: return KindRole.PROFILE;
            case POSTS: return KindRole.POST_LIST;
            case FOLLOWERS: return KindRole.FOLLOWER_LIST;
            case FOLLOWING: return KindRole.FOLLOWING_LIST;
            case COMMENTS: return KindRole.EDGES;
            case MEDIA: return KindRole.MEDIA;
            default: return KindRole.OTHER;
        }
    }
}
