package io.lastlight.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
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
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_DESCENDANTS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_INSTANCE;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_NODEINFO;
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
    /** Mastodon's statuses page size when no {@code limit} is asked for (and the size its forks serve at least). */
    private static final int DEFAULT_PAGE = 20;
    private final DialectDetection detection;

    MastodonDiscovery(DialectDetection detection) {
        this.detection = detection;
    }

    /** The seed lookups, in the form the dialect needs: Gab's {@code account_by_username}, else {@code accounts/lookup}. */
    static List<CrawlRequest> lookups(URI base, List<String> seedUsers, MastodonDialect dialect) {
        List<CrawlRequest> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String u : seedUsers) {
            String acct = MastodonPlatform.normaliseAcct(u);
            String key = acct.toLowerCase(java.util.Locale.ROOT);
            if (acct.isEmpty() || !seen.add(key)) continue;
            if (dialect.gabLookup()) {
                if (acct.indexOf('@') >= 0) continue; // Gab looks up its own users only
                out.add(new CrawlRequest(MastodonUrls.gabLookup(base, acct), KIND_PROFILE, "mastodon:lookup-gab:" + key,
                        TIER_PROFILE, Double.MAX_VALUE));
            } else {
                out.add(new CrawlRequest(MastodonUrls.lookup(base, acct), KIND_PROFILE, "mastodon:lookup:" + key,
                        TIER_PROFILE, Double.MAX_VALUE));
            }
        }
        return out;
    }

    List<CrawlRequest> discover(URI base, Capture capture) {
        Found out = new Found(base, detection.current());
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
                // Truth Social's context may hold ancestors only (a context fetched before the dialect was known).
                if (out.dialect.descendantsEndpoint() && root.path("descendants").isEmpty()
                        && MastodonUrls.validId(route.subject())) {
                    out.add(new CrawlRequest(MastodonUrls.descendants(base, route.subject()), KIND_DESCENDANTS,
                            "mastodon:descendants:" + route.subject() + ":sort=oldest", TIER_CONTEXT, 0));
                }
                break;
            case KIND_DESCENDANTS: {
                if (!root.isArray()) break;
                for (JsonNode s : root) out.status(s);
                String next = nextQuery(capture);
                if (next != null && route.subject() != null) out.page(capture, route, next, TIER_CONTEXT, 0);
                break;
            }
            case KIND_NODEINFO:
                if (!root.isObject()) break;
                if (MastodonUrls.NODEINFO_INDEX.equals(route.subject())) {
                    URI doc = nodeinfoDocument(base, capture, root);
                    if (doc != null) out.add(new CrawlRequest(doc, KIND_NODEINFO, "mastodon:nodeinfo:document", TIER_PROFILE,
                            Double.MAX_VALUE));
                } else {
                    detection.nodeinfo(MastodonJson.text(root.path("software"), "name"));
                    seedLookups(base, out);
                }
                break;
            case KIND_INSTANCE:
                if (!root.isObject()) break;
                detection.instance(MastodonJson.text(root, "version"));
                seedLookups(base, out);
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

    /**
     * With the dialect detected (not given), the seed lookups wait for the server's self-description: the
     * instance answer and the nodeinfo document each queue them in the form the dialect they imply needs (the
     * frontier keeps one of each form).
     */
    private void seedLookups(URI base, Found out) {
        if (detection.fixed() != null) return; // queued as seeds
        detection.lookupsQueued();
        for (CrawlRequest r : lookups(base, detection.seedUsers(), detection.current())) out.add(r);
    }

    /** The newest nodeinfo schema the index links to, on the crawl's own host; null if none. */
    private static URI nodeinfoDocument(URI base, Capture capture, JsonNode index) {
        String best = null, bestRel = "";
        for (JsonNode l : index.path("links")) {
            String rel = MastodonJson.text(l, "rel"), href = MastodonJson.text(l, "href");
            if (rel == null || href == null || !rel.startsWith("http://nodeinfo.diaspora.software/ns/schema/")) continue;
            if (rel.compareTo(bestRel) > 0) {
                best = href;
                bestRel = rel;
            }
        }
        if (best == null) return null;
        try {
            URI target = capture.uri().resolve(best.trim());
            if (target.getRawPath() == null || !MastodonUrls.route(target).kind().equals(KIND_NODEINFO)) return null;
            // Same scheme, host and port as the crawl: the document is read where the index was.
            return URI.create(MastodonUrls.origin(base) + target.getRawPath());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Statuses page by the {@code Link} header's {@code rel="next"}; by the last id when a server sends no Link at
     * all, or a Link without {@code next} under a page that is full (Mastodon sends {@code next} whenever a page
     * holds the {@code limit} asked for, so this costs it nothing; Truth Social's clients page statuses by
     * {@code max_id} and its Link headers have been seen with {@code prev}, so there a page of the default 20 or
     * more goes on too, at the cost of at most one empty page per account).
     */
    private static void nextStatusesPage(Capture capture, MastodonUrls.Route route, JsonNode page, Found out) {
        if (route.subject() == null || page.isEmpty()) return;
        String next = nextQuery(capture);
        if (next == null && (!LinkHeader.present(capture) || mayContinue(capture, page.size(), out.dialect))) {
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

    /** Whether a page of {@code size} statuses without a {@code rel="next"} link may have more after it. */
    static boolean mayContinue(Capture capture, int size, MastodonDialect dialect) {
        int asked = DEFAULT_PAGE;
        String limit = MastodonUrls.query(capture.uri()).get("limit");
        if (limit != null) {
            try {
                asked = Math.max(1, Integer.parseInt(limit.trim()));
            } catch (NumberFormatException e) {
                asked = DEFAULT_PAGE;
            }
        }
        return size >= asked || (dialect.pagesByLastId() && size >= DEFAULT_PAGE);
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
            return MastodonBodies.tree(capture);
        } catch (IOException e) {
            return null;
        }
    }

    /** Requests found in one capture, deduplicated by key (first wins). */
    private static final class Found {
        private final URI base;
        final MastodonDialect dialect;
        private final Map<String, CrawlRequest> byKey = new LinkedHashMap<>();

        Found(URI base, MastodonDialect dialect) {
            this.base = base;
            this.dialect = dialect;
        }

        List<CrawlRequest> list() {
            return new ArrayList<>(byKey.values());
        }

        void add(CrawlRequest r) {
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
                double value = count(author, "followers_count");
                if (dialect.descendantsEndpoint()) {
                    add(new CrawlRequest(MastodonUrls.descendants(base, id), KIND_DESCENDANTS,
                            "mastodon:descendants:" + id + ":sort=oldest", TIER_CONTEXT, value));
                } else {
                    add(new CrawlRequest(MastodonUrls.context(base, id), KIND_CONTEXT, "mastodon:context:" + id, TIER_CONTEXT, value));
                }
            }
            JsonNode reblog = s.get("reblog");
            if (reblog != null && reblog.isObject()) status(reblog);
            JsonNode quotedStatus = MastodonJson.quotedStatus(s);
            status(quotedStatus);
            // A quote given only by id (Truth Social quote_id, Gab quote_of_id, Mastodon's quoted_status_id inside a
            // quote): fetch the quoted status.
            String quoted = MastodonJson.quoteId(s);
            if (MastodonUrls.validId(quoted) && quotedStatus == null) {
                add(new CrawlRequest(MastodonUrls.status(base, quoted), KIND_POST, "mastodon:status:" + quoted, TIER_CONTEXT, 0));
            }
        }

        /** The next page of a list, in the same place as this one, with the query the Link header gave. */
        void page(Capture capture, MastodonUrls.Route route, String rawQuery, int tier, double value) {
            URI next = MastodonUrls.withQuery(capture.uri(), rawQuery);
            String cursor = MastodonUrls.cursor(next);
            if (cursor.isEmpty() || cursor.equals(MastodonUrls.cursor(capture.uri()))) return; // no progress: stop
            String owner = route.kind().equals(KIND_DESCENDANTS) ? null : route.subject(); // a thread has no owner account
            add(new CrawlRequest(next, route.kind(), pageKey(route.kind(), route.subject(), cursor), owner, tier, value));
        }

        private static String pageKey(String kind, String accountId, String cursor) {
            return "mastodon:" + kind + ":" + accountId + ":" + cursor;
        }
    }
}
