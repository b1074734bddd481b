package io.lastlight.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.json.LenientJson;
import io.lastlight.platform.Capture;

import java.io.IOException;
import java.util.Map;

/**
 * Tells a server's policy towards anonymous clients from a failure or a rate limit (platforms.md §2,
 * "Policies"). Pure: a capture in, a reason or null out.
 *
 * <ul>
 *   <li>Gab (statuses_controller.rb in its source release): without a token, any {@code max_id}, {@code since_id}
 *   or {@code min_id} on an account's statuses answers 429 with the body {@code {"error": true}} and no
 *   Retry-After. A real rate limit carries Retry-After or a message; this one never lifts.</li>
 *   <li>Follower and following lists that answer 401 to a crawl without a token (Gab: {@code doorkeeper_authorize!
 *   :read}; Mastodon servers that hide networks from anonymous clients).</li>
 *   <li>Threads ({@code /context}, {@code /context/descendants}) that answer 422 or 401 without a token (Gab).</li>
 * </ul>
 * A crawl that sends a token and is still refused a list or thread is not looking at a policy about missing
 * credentials: those answers go to the crawler's expired-login watch as before.
 */
final class MastodonPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MastodonPolicy() {}

    static String refusal(Capture capture, boolean authenticated) {
        int status = capture.status();
        MastodonUrls.Route route = MastodonUrls.route(capture.uri());
        String kind = route.kind();
        if (status == 429 && kind.equals(MastodonPlatform.KIND_POSTS) && pagingCursor(capture)
                && capture.header("Retry-After").isEmpty() && errorTrue(capture)) {
            return "anonymous paging refused (HTTP 429 {\"error\": true}, no Retry-After): only the newest statuses are public";
        }
        if (authenticated) return null;
        if (status == 401 && (kind.equals(MastodonPlatform.KIND_FOLLOWERS) || kind.equals(MastodonPlatform.KIND_FOLLOWING))) {
            return "follow lists need a token (HTTP 401)";
        }
        if ((status == 422 || status == 401)
                && (kind.equals(MastodonPlatform.KIND_CONTEXT) || kind.equals(MastodonPlatform.KIND_DESCENDANTS))) {
            return "threads need a token (HTTP " + status + ")";
        }
        return null;
    }

    private static boolean pagingCursor(Capture capture) {
        Map<String, String> q = MastodonUrls.query(capture.uri());
        return q.containsKey("max_id") || q.containsKey("since_id") || q.containsKey("min_id");
    }

    /** The body is exactly Gab's {@code {"error": true}} (a boolean, not a message). */
    private static boolean errorTrue(Capture capture) {
        if (capture.body().length == 0 || capture.body().length > 256) return false;
        try {
            JsonNode n = LenientJson.readTree(JSON, capture.body()).value();
            return n != null && n.isObject() && n.size() == 1 && n.path("error").isBoolean() && n.path("error").asBoolean();
        } catch (IOException e) {
            return false;
        }
    }
}
