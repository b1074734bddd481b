package io.lastlight.platform.parler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.json.LenientJson;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import io.lastlight.platform.Tombstone;

/** Observation rows from Parler captures (JSON endpoints and web pages). Never throws on bad input. */
final class ParlerExtract {
    /** {@link ParlerPlatform#kindOf} of {@code /robots.txt} and of any path it does not know. */
    static final String KIND_ROBOTS = "robots";
    static final String KIND_OTHER = "other";

    private ParlerExtract() {}

    static Extraction extract(ParlerPlatform platform, Capture capture) {
        return extract(platform, capture, true);
    }

    /** @param slim read JSON with {@link ParlerSlimJson} when it can (false: always the full tree; for tests) */
    static Extraction extract(ParlerPlatform platform, Capture capture, boolean slim) {
        String kind = platform.kindOf(capture.uri());
        if (BlockPages.isBlockPage(capture)) {
            return Extraction.failed(Extraction.BLOCKED, BlockPages.describe(capture));
        }
        if (kind.equals(ParlerPlatform.KIND_ID_PROBE)) {
            return Extraction.failed(Extraction.NOT_CONTENT, "id probe (evidence for 'lastlight estimate users')");
        }
        if (capture.status() == 404 || capture.status() == 410) {
            Extraction gone = Extraction.failed(Extraction.NOT_CONTENT, "HTTP " + capture.status());
            Tombstone t = tombstone(kind, capture);
            if (t != null) gone.add(t);
            return gone;
        }
        if (kind.equals(ParlerPlatform.KIND_LINK)) {
            return ParlerLinks.redirect(capture);
        }
        // robots.txt (fetched by every crawl) and pages outside the endpoints this adapter reads hold no JSON to
        // parse: reading them as JSON would count every crawl's robots.txt as a parse error.
        if (kind.equals(KIND_ROBOTS)) {
            return Extraction.failed(Extraction.NOT_CONTENT, "robots.txt (the crawl's rules, kept in the WARC as evidence)");
        }
        if (kind.equals(KIND_OTHER)) {
            return Extraction.failed(Extraction.NOT_CONTENT, "not a known Parler endpoint");
        }
        if (capture.status() != 200) {
            return Extraction.failed(Extraction.NOT_CONTENT, "HTTP " + capture.status());
        }
        if (capture.truncated()) {
            return Extraction.failed(Extraction.ERROR, "body truncated at " + capture.body().length + " bytes");
        }
        if (kind.equals(ParlerPlatform.KIND_MEDIA)) {
            return new Extraction(); // kept in WARC; the media table is derived from captures
        }
        if (capture.body().length == 0) {
            return Extraction.failed(Extraction.EMPTY, "empty body");
        }
        if (kind.equals(ParlerPlatform.KIND_HTML_PROFILE) || kind.equals(ParlerPlatform.KIND_HTML_POST)) {
            try {
                org.jsoup.nodes.Document page = ParlerHtml.parse(capture);
                boolean profile = kind.equals(ParlerPlatform.KIND_HTML_PROFILE);
                // parler.com's own markup (archived pages) or the simulator's, told apart by the page itself
                return ParlerWebPage.isWebMarkup(page) ? ParlerWebPage.extract(capture, page, profile)
                        : ParlerHtml.extract(capture, page, profile);
            } catch (RuntimeException e) {
                return Extraction.failed(Extraction.ERROR, "unreadable page: " + e.getMessage());
            }
        }
        // The tree the crawler's questions about this capture already read, else the slim streaming read in the
        // plain case; the full tree (and its error messages) otherwise. Each repairs stray invalid UTF-8 first.
        LenientJson.Parsed<JsonNode> parsed = slim ? platform.treeRead(capture.body()) : null;
        if (parsed == null && slim && !kind.equals(ParlerPlatform.KIND_UUID)) parsed = ParlerSlimJson.read(capture.body());
        if (parsed == null) {
            try {
                parsed = LenientJson.readTree(ParlerPlatform.JSON, capture.body());
            } catch (JsonProcessingException e) {
                return Extraction.failed(Extraction.ERROR, "malformed JSON: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()));
            } catch (java.io.IOException e) {
                return Extraction.failed(Extraction.ERROR, "unreadable body: " + e.getMessage());
            }
        }
        return fromTree(kind, capture, parsed.value()).recordNote(parsed.note());
    }

    /** The rows of a JSON endpoint's tree (null: no content). */
    private static Extraction fromTree(String kind, Capture capture, JsonNode root) {
        if (kind.equals(ParlerPlatform.KIND_UUID)) {
            // A number → post id lookup: evidence the post exists, the post itself is captured by id.
            if (root != null && root.isTextual() && ParlerDiscovery.isPostId(root.asText())) {
                return Extraction.failed(Extraction.NOT_CONTENT, "id lookup: " + root.asText());
            }
            return Extraction.failed(Extraction.ERROR, "id lookup answered " + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                    + ", expected a JSON string holding a post id");
        }
        if (root == null || !root.isObject()) {
            return Extraction.failed(Extraction.ERROR, "expected a JSON object");
        }
        Extraction out = new Extraction();
        switch (kind) {
            case ParlerPlatform.KIND_PROFILE: {
                ProfileObservation p = ParlerJson.profile(root, ProfileObservation.SOURCE_PROFILE);
                if (p == null) return Extraction.failed(Extraction.ERROR, "profile without id");
                out.add(p);
                break;
            }
            case ParlerPlatform.KIND_POSTS:
            case ParlerPlatform.KIND_POST: {
                for (JsonNode p : root.path("posts")) addPost(out, p, false);
                if (root.has("post")) addPost(out, root.get("post"), false);
                addReferenced(out, root.path(ParlerPlatform.POST_REFS));
                ParlerLinks.fromUrls(out, root.path(ParlerPlatform.URLS));
                for (JsonNode u : root.path("users")) addEmbedded(out, u);
                break;
            }
            case ParlerPlatform.KIND_COMMENTS:
            case ParlerPlatform.KIND_USER_COMMENTS: {
                for (JsonNode c : root.path("comments")) addPost(out, c, true);
                ParlerLinks.fromUrls(out, root.path(ParlerPlatform.URLS));
                for (JsonNode u : root.path("users")) addEmbedded(out, u);
                break;
            }
            case ParlerPlatform.KIND_FOLLOWERS:
            case ParlerPlatform.KIND_FOLLOWING: {
                String listOwner = ParlerUrls.query(capture.uri()).get("id");
                boolean followers = kind.equals(ParlerPlatform.KIND_FOLLOWERS);
                for (JsonNode u : root.path(followers ? "followers" : "followees")) {
                    ProfileObservation p = addEmbedded(out, u);
                    if (p != null && listOwner != null) {
                        out.add(followers
                                ? new FollowEdge(ParlerJson.PLATFORM, p.userId(), listOwner, ParlerPlatform.KIND_FOLLOWERS)
                                : new FollowEdge(ParlerJson.PLATFORM, listOwner, p.userId(), ParlerPlatform.KIND_FOLLOWING));
                    }
                }
                break;
            }
            default:
                return Extraction.failed(Extraction.NOT_CONTENT, "not a known Parler endpoint");
        }
        return out;
    }

    /** A lookup of one post or profile that answered 404/410 is evidence the item is gone. */
    private static Tombstone tombstone(String kind, Capture capture) {
        java.util.Map<String, String> q = ParlerUrls.query(capture.uri());
        String reason = "http_" + capture.status();
        if (kind.equals(ParlerPlatform.KIND_POST) && q.get("id") != null) {
            return new Tombstone(ParlerJson.PLATFORM, Tombstone.POST, q.get("id"), reason);
        }
        if (kind.equals(ParlerPlatform.KIND_PROFILE)) {
            if (q.get("id") != null) return new Tombstone(ParlerJson.PLATFORM, Tombstone.PROFILE, q.get("id"), reason);
            if (q.get("username") != null) return new Tombstone(ParlerJson.PLATFORM, Tombstone.USERNAME, q.get("username"), reason);
        }
        return null;
    }

    private static void addPost(Extraction out, JsonNode p, boolean comment) {
        PostObservation post = ParlerJson.post(p, comment);
        if (post != null) out.add(post);
    }

    /**
     * The posts a page's echoes point to ({@code postRefs[]}: their parents and roots, full post objects as the API
     * showed them at capture time) are observations of those posts like the page's own. A post the page already
     * listed itself, or referenced twice, is observed once (the page's own object wins).
     */
    private static void addReferenced(Extraction out, JsonNode refs) {
        if (!refs.isArray() || refs.isEmpty()) return;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PostObservation p : out.posts()) seen.add(p.postId());
        for (JsonNode r : refs) {
            PostObservation post = ParlerJson.post(r, false);
            if (post != null && seen.add(post.postId())) out.add(post);
        }
    }

    private static ProfileObservation addEmbedded(Extraction out, JsonNode u) {
        ProfileObservation p = ParlerJson.profile(u, ProfileObservation.SOURCE_EMBEDDED);
        if (p != null) out.add(p);
        return p;
    }
}
