package io.lastlight.crawl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells an expired login from an item the platform will not show: a run of credentials-rejected answers
 * (401, or 403 on a crawl that sends cookies or a token) on {@value #RUN} different items of one kind, with no
 * success of that kind in between. One item answered 401 while others of its kind succeed is about that item;
 * a rotating session cookie that went stale during a long pause is answered 401 on every request, and going on
 * would only mark the whole frontier failed one item after another. Kinds are kept apart because some requests
 * (media files) need no login and keep succeeding with a stale one. Used on the single results thread.
 */
final class AuthWatch {
    /** Different items of one kind rejected in a row that mean the login has expired. */
    static final int RUN = 5;

    private final Map<String, Set<Long>> rejectedInARow = new HashMap<>();

    /** A 2xx answer for an item of {@code kind}: the login works for that kind. */
    void accepted(String kind) {
        rejectedInARow.remove(kind);
    }

    /** A credentials-rejected answer for item {@code id}; true once the run says the login has expired. */
    boolean rejected(String kind, long id) {
        Set<Long> run = rejectedInARow.computeIfAbsent(kind, k -> new HashSet<>());
        run.add(id);
        return run.size() >= RUN;
    }
}
