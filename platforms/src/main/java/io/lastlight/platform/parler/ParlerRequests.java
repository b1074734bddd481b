package io.lastlight.platform.parler;

import io.lastlight.platform.CrawlRequest;

import java.net.URI;
import java.util.Locale;

import static io.lastlight.platform.parler.ParlerPlatform.KIND_COMMENTS;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_POST;
import static io.lastlight.platform.parler.ParlerPlatform.KIND_PROFILE;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_COMMENTS;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_POSTS;
import static io.lastlight.platform.parler.ParlerPlatform.TIER_PROFILE;

/** The crawl requests Parler's seeds and discovery make: their URLs, kinds, frontier keys and tiers. */
final class ParlerRequests {
    private ParlerRequests() {}

    static CrawlRequest profileRequest(URI base, String username, double value) {
        return new CrawlRequest(ParlerUrls.profileByUsername(base, username), KIND_PROFILE,
                "parler:profile:" + username.toLowerCase(Locale.ROOT), TIER_PROFILE, value);
    }

    static CrawlRequest listRequest(URI base, String path, String kind, String userId, String startKey,
                                    int tier, double value) {
        return new CrawlRequest(ParlerUrls.list(base, path, userId, startKey), kind,
                "parler:" + kind + ":" + userId + ":" + (startKey == null ? "" : startKey), userId, tier, value);
    }

    static CrawlRequest postRequest(URI base, String postId) {
        return new CrawlRequest(ParlerUrls.post(base, postId), KIND_POST, "parler:post:" + postId, TIER_POSTS, 0);
    }

    static CrawlRequest commentsRequest(URI base, String postId, String startKey, double value) {
        return new CrawlRequest(ParlerUrls.comments(base, postId, startKey), KIND_COMMENTS,
                "parler:comments:" + postId + ":" + (startKey == null ? "" : startKey), TIER_COMMENTS, value);
    }
}
