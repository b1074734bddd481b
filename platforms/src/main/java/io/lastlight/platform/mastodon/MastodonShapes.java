package io.lastlight.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Reads a Mastodon-API response from an endpoint the adapter does not route by path, by the shape of its JSON: archives
 * made by other tools hold what a browser or a client asked for, and servers add endpoints of their own
 * ({@code /api/v2/search}, {@code /api/v1/trends/statuses}, {@code /api/v1/directory}, {@code .../reblogged_by};
 * Gab's {@code /api/v2/accounts/:id/statuses} and {@code /api/v1/status_comments/:id}; Truth Social's
 * {@code /api/v1/truth/trending/truths}). A status is an object with an id, an {@code account} object, a
 * {@code content} string and {@code created_at} or {@code uri} (a notification, with an account but no content, is
 * not); an account is an object with an id, {@code username} and {@code acct}.
 * Accounts found so are observations of source {@code embedded}: the response is not the account's own profile.
 */
final class MastodonShapes {
    /** Object fields that hold lists of statuses or accounts in responses of known servers (search, context, …). */
    private static final List<String> LIST_FIELDS = List.of("statuses", "accounts", "ancestors", "descendants",
            "data", "results", "items");

    private MastodonShapes() {}

    static boolean isStatus(JsonNode n) {
        return n != null && n.isObject() && MastodonJson.id(n.get("id")) != null && n.path("account").isObject()
                && n.path("content").isTextual() && (n.has("created_at") || n.has("uri"));
    }

    static boolean isAccount(JsonNode n) {
        return n != null && n.isObject() && MastodonJson.id(n.get("id")) != null && n.hasNonNull("username")
                && n.hasNonNull("acct");
    }

    /** Whether {@code root} holds any status or account this class can read. */
    static boolean readable(JsonNode root) {
        if (isStatus(root) || isAccount(root)) return true;
        if (root.isArray()) return anyItem(root);
        if (!root.isObject()) return false;
        for (String f : LIST_FIELDS) {
            JsonNode list = root.get(f);
            if (list != null && list.isArray() && anyItem(list)) return true;
        }
        return false;
    }

    private static boolean anyItem(JsonNode array) {
        for (JsonNode item : array) if (isStatus(item) || isAccount(item)) return true;
        return false;
    }

    /** Hands each status and account of {@code root} to {@code out}, in order; anything else is passed over. */
    static void read(JsonNode root, Sink out) {
        if (root.isArray()) {
            items(root, out);
        } else if (isStatus(root)) {
            out.status(root);
        } else if (isAccount(root)) {
            out.account(root);
        } else if (root.isObject()) {
            for (String f : LIST_FIELDS) {
                JsonNode list = root.get(f);
                if (list != null && list.isArray()) items(list, out);
            }
        }
    }

    private static void items(JsonNode array, Sink out) {
        for (JsonNode item : array) {
            if (isStatus(item)) out.status(item);
            else if (isAccount(item)) out.account(item);
        }
    }

    /** Where the statuses and accounts go. */
    interface Sink {
        void status(JsonNode status);

        void account(JsonNode account);
    }
}
