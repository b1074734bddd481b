package io.lastlight.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Counts;
import io.lastlight.platform.CrawlRequest;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_CONTEXT;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_FOLLOWERS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_FOLLOWING;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_POST;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_POSTS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_PROFILE;
import static io.lastlight.platform.mastodon.MastodonPlatform.TIER_CONTEXT;
import static io.lastlight.platform.mastodon.MastodonPlatform.TIER_EDGES;
import static io.lastlight.platform.mastodon.MastodonPlatform.TIER_POSTS;
import static io.lastlight.platform.mastodon.MastodonPlatform.TIER_PROFILE;

/**
 * What a captured Mastodon response links to. Keys make each item fetched once: accounts by id
 * ({@code mastodon:account:ID}, whether met by name, in a list or in a status), list pages by account id
 * and cursor, contexts by status id. The seed lookups by name are the one exception: a seed account may
 * later be fetched once more by id.
 */
final class MastodonDiscovery {
    private static final ObjectMapper JSON = new ObjectMapper();

    List<CrawlRequest> discover(URI base, Capture capture) {
        Found out = new Found(base);
        if (capture.status() < 200 || capture.status() >= 300) return out.list();
        JsonNode root = parse(capture);
        if (root == null) return out.list();
        MastodonUrls.Route route = MastodonUrls.route(capture.uri());
        switch (route.kind()) {
            case KIND_PROFILE:
                if (root.isObject()) out.expand(root);
                break;
            case KIND_POSTS:
                if (!root.isArray()) break;
                for (JsonNode s : root) out.status(s);
                nextStatusesPage(capture, route, root, out);
                break;
            case KIND_POST:
                if (root.isObject()) out.status(root);
                break;
            case KIND_CONTEXT:
                if (!root.isObject()) break;
                for (JsonNode s : root.path("ancestors")) out.status(s);
                for (JsonNode s : root.path("descendants")) out.status(s);
                break;
            case KIND_FOLLOWERS:
            case KIND_FOLLOWING:
                if (!root.isArray()) break;
                for (JsonNode a : root) out.account(a);
                String next = nextQuery(capture);
                if (next != null && route.subject() != null) out.page(capture, route, next, TIER_EDGES, 0);
                break;
            default:
                // instance and the public timeline are captured once; the timeline does not widen the scope.
                break;
        }
        return out.list();
    }

    /** Statuses page by the {@code Link} header; only if a server sends no Link at all, by the last id. */
    private static void nextStatusesPage(Capture capture, MastodonUrls.Route route, JsonNode page, Found out) {
        if (route.subject() == null || page.isEmpty()) return;
        String next = nextQuery(capture);
        if (next == null && !LinkHeader.present(capture)) {
            String last = MastodonJson.id(page.get(page.size() - 1).get("id"));
            if (!MastodonUrls.validId(last)) return;
            Map<String, String> q = new LinkedHashMap<>(MastodonUrls.query(capture.uri()));
            q.remove("min_id");
            q.remove("since_id");
            q.put("max_id", last);
            StringBuilder sb = new StringBuilder();
            q.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(MastodonUrls.enc(k)).append('=').append(MastodonUrls.enc(v)));
            next = sb.toString();
        }
        if (next == null) return;
        double value = count(page.get(0).path("account"), "followers_count");
        out.page(capture, route, next, TIER_POSTS, value);
    }

    /** The raw query of the {@code rel="next"} link, resolved against the page; null if none. */
    private static String nextQuery(Capture capture) {
        String target = LinkHeader.target(capture, "next");
        if (target == null) return null;
        try {
            URI next = capture.uri().resolve(target);
            return next.getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static double count(JsonNode n, String field) {
        Counts c = n == null ? null : MastodonJson.count(n, field);
        return c == null ? 0 : c.value();
    }

    private static JsonNode parse(Capture capture) {
        if (capture.truncated() || capture.body().length == 0 || BlockPages.isBlockPage(capture)) return null;
        try {
            return JSON.readTree(capture.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** Requests found in one capture, deduplicated by key (first wins). */
    private static final class Found {
        private final URI base;
        private final Map<String, CrawlRequest> byKey = new LinkedHashMap<>();

        Found(URI base) {
            this.base = base;
        }

        List<CrawlRequest> list() {
            return new ArrayList<>(byKey.values());
        }

        private void add(CrawlRequest r) {
            byKey.putIfAbsent(r.key(), r);
        }

        /** An account met anywhere: fetch it by id (the profile page leads on to its lists). */
        void account(JsonNode a) {
            if (a == null || !a.isObject()) return;
            accountId(MastodonJson.id(a.get("id")), count(a, "followers_count"));
        }

        void accountId(String id, double value) {
            if (!MastodonUrls.validId(id)) return;
            add(new CrawlRequest(MastodonUrls.account(base, id), KIND_PROFILE, "mastodon:account:" + id, TIER_PROFILE, value));
        }

        /**
         * A profile: its statuses, followers and following. Not for a suspended account (its lists are
         * empty) nor a remote one ({@code acct} with a domain): its home server holds its lists.
         */
        void expand(JsonNode a) {
            String id = MastodonJson.id(a.get("id"));
            if (!MastodonUrls.validId(id)) return;
            if (Boolean.TRUE.equals(MastodonJson.bool(a, "suspended"))) return;
            String acct = MastodonJson.text(a, "acct");
            if (acct != null && acct.indexOf('@', 1) > 0) return;
            double value = count(a, "followers_count");
            add(new CrawlRequest(MastodonUrls.statuses(base, id), KIND_POSTS, pageKey(KIND_POSTS, id, ""), id, TIER_POSTS, value));
            add(new CrawlRequest(MastodonUrls.follows(base, id, true), KIND_FOLLOWERS, pageKey(KIND_FOLLOWERS, id, ""), id, TIER_EDGES, value));
            add(new CrawlRequest(MastodonUrls.follows(base, id, false), KIND_FOLLOWING, pageKey(KIND_FOLLOWING, id, ""), id, TIER_EDGES, value));
        }

        /** A status and what it names: its author, reblogged or quoted status, mentions, the account replied to, its thread. */
        void status(JsonNode s) {
            if (s == null || !s.isObject()) return;
            JsonNode author = s.get("account");
            account(author);
            for (JsonNode m : s.path("mentions")) accountId(MastodonJson.id(m.get("id")), 0);
            accountId(MastodonJson.id(s.get("in_reply_to_account_id")), 0);
            String id = MastodonJson.id(s.get("id"));
            Counts replies = MastodonJson.count(s, "replies_count");
            if (replies != null && replies.value() > 0 && MastodonUrls.validId(id)) {
                add(new CrawlRequest(MastodonUrls.context(base, id), KIND_CONTEXT, "mastodon:context:" + id, TIER_CONTEXT,
                        count(author, "followers_count")));
            }
            for (String nested : new String[] {"reblog", "quote"}) {
                JsonNode n = s.get(nested);
                if (n != null && n.isObject()) status(n);
            }
            // A quote given only by id (Truth Social quote_id, Gab quote_of_id): fetch the quoted status.
            String quoted = MastodonJson.quoteId(s);
            if (MastodonUrls.validId(quoted) && !s.path("quote").isObject()) {
                add(new CrawlRequest(MastodonUrls.status(base, quoted), KIND_POST, "mastodon:status:" + quoted, TIER_CONTEXT, 0));
            }
        }

        /** The next page of a list, in the same place as this one, with the query the Link header gave. */
        void page(Capture capture, MastodonUrls.Route route, String rawQuery, int tier, double value) {
            URI next = MastodonUrls.withQuery(capture.uri(), rawQuery);
            String cursor = MastodonUrls.cursor(next);
            if (cursor.isEmpty() || cursor.equals(MastodonUrls.cursor(capture.uri()))) return; // no progress: stop
            add(new CrawlRequest(next, route.kind(), pageKey(route.kind(), route.subject(), cursor), route.subject(), tier, value));
        }

        private static String pageKey(String kind, String accountId, String cursor) {
            return "mastodon:" + kind + ":" + accountId + ":" + cursor;
        }
    }
}
