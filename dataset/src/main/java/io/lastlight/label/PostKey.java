package io.lastlight.label;

import java.util.Comparator;
import java.util.Objects;

/**
 * A post as the dataset keys it: Mastodon-API servers number their own statuses, so a post id names a post only
 * with its platform and {@code instance} (the server; null for Parler, whose ids are global).
 */
public record PostKey(String platform, String instance, String postId) {
    /** By post id, then platform and instance (null first): the order of the annotation files. */
    public static final Comparator<PostKey> ORDER = Comparator.comparing(PostKey::postId)
            .thenComparing(PostKey::platform, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(PostKey::instance, Comparator.nullsFirst(Comparator.naturalOrder()));

    public PostKey {
        Objects.requireNonNull(postId, "postId");
    }

    /** The post as a person names it: {@code 7 on gab.com}, or the id alone when there is no instance. */
    @Override
    public String toString() {
        return instance == null ? postId : postId + " on " + instance;
    }
}
