package io.lastlight.platform.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.json.LenientJson;
import io.lastlight.platform.BlockPages;
import io.lastlight.platform.Capture;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Set;

import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_CONTEXT;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_DESCENDANTS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_FOLLOWERS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_FOLLOWING;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_INSTANCE;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_NODEINFO;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_POST;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_POSTS;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_PROFILE;
import static io.lastlight.platform.mastodon.MastodonPlatform.KIND_TIMELINE;

/**
 * Reading a Mastodon API body: JSON in the charset its {@code Content-Type} declares (UTF-8 when none; a server that
 * says {@code charset=iso-8859-1} is read as such, not refused), and whether a 200 answer is the JSON its endpoint
 * gives (an object or an array), for {@link MastodonPlatform#incompleteReason}.
 */
final class MastodonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Endpoints answering a JSON array; the other JSON kinds answer an object. */
    private static final Set<String> ARRAYS = Set.of(KIND_POSTS, KIND_FOLLOWERS, KIND_FOLLOWING, KIND_TIMELINE, KIND_DESCENDANTS);
    private static final Set<String> OBJECTS = Set.of(KIND_PROFILE, KIND_POST, KIND_CONTEXT, KIND_INSTANCE, KIND_NODEINFO);

    private MastodonBodies() {}

    /** The body as JSON, decoded by its declared charset; null for an empty body. */
    static JsonNode tree(Capture capture) throws IOException {
        return read(capture).value();
    }

    /**
     * The body as JSON ({@link #tree}), with the count of invalid UTF-8 sequences replaced by U+FFFD before it parsed
     * ({@link LenientJson}: a UTF-8 body, declared or not, with a stray Latin-1 byte); 0 for a body in another
     * declared charset, which is decoded by that charset.
     */
    static LenientJson.Parsed<JsonNode> read(Capture capture) throws IOException {
        Charset cs = declaredCharset(capture.contentType());
        if (cs == null || cs.equals(StandardCharsets.UTF_8)) return LenientJson.readTree(JSON, capture.body()); // Jackson detects UTF-16/32
        return new LenientJson.Parsed<>(JSON.readTree(new String(capture.body(), cs)), 0);
    }

    /** The {@code charset} parameter of a Content-Type, or null when there is none or Java does not know it. */
    static Charset declaredCharset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (!p.toLowerCase(Locale.ROOT).startsWith("charset=")) continue;
            String name = p.substring("charset=".length()).trim().replace("\"", "").replace("'", "");
            try {
                return Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Why a 200 answer of a JSON endpoint is not the JSON that endpoint gives (an HTML page, bytes that do not parse,
     * an object where an array belongs), or null when it is, or when the kind holds no JSON or the answer is no 200.
     */
    static String incompleteReason(String kind, Capture capture) {
        if (capture.status() != 200 || !(ARRAYS.contains(kind) || OBJECTS.contains(kind))) return null;
        if (BlockPages.isBlockPage(capture)) return null; // the crawler handles those itself
        String type = capture.contentType();
        if (type.contains("html") || looksLikeHtml(capture.body())) {
            return "HTML instead of JSON" + (type.isEmpty() ? "" : " (Content-Type " + type + ")")
                    + ": a maintenance, login or error page (if every API request gets one, --base is not the server's API root)";
        }
        JsonNode root;
        try {
            root = tree(capture);
        } catch (JsonProcessingException e) {
            return "malformed JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            return "unreadable JSON body: " + e.getMessage();
        }
        if (root == null || root.isMissingNode()) return "empty body where JSON belongs";
        boolean array = ARRAYS.contains(kind);
        if (array ? !root.isArray() : !root.isObject()) {
            String error = root.isObject() ? MastodonJson.text(root, "error") : null;
            return "a JSON " + (array ? "array" : "object") + " expected for " + kind + ", got " + describe(root)
                    + (error == null ? "" : " (error: " + error + ")");
        }
        return null;
    }

    private static String describe(JsonNode n) {
        return n.isObject() ? "an object" : n.isArray() ? "an array" : "a " + n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static boolean looksLikeHtml(byte[] body) {
        int i = 0;
        while (i < body.length && i < 64 && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'
                || (body[i] & 0xff) == 0xef || (body[i] & 0xff) == 0xbb || (body[i] & 0xff) == 0xbf)) i++;
        return i < body.length && body[i] == '<';
    }
}
