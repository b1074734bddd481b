package io.lastlight.platform.parler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lastlight.json.LenientJson;

import java.io.IOException;
import java.util.Set;

/**
 * A streaming read of a Parler JSON body into the part of its tree that extraction and discovery read: the list
 * keys (the posts echoes point to, {@code postRefs}, among them) and their items' post and profile fields, the link
 * objects of {@code urls} (id, short and long URL, metadata), and the page's cursor ({@code next}, {@code last}).
 * Everything else (photos, share links, badges, …) is skipped token by token instead of being built into nodes,
 * which is most of a list page.
 *
 * <p>The nodes it does build are the ones {@code ObjectMapper.readTree} would build (same node types, last
 * duplicate key wins), so {@link ParlerExtract} reads the same values either way. Whatever is not the plain
 * case (not an object at the root, a parse error anywhere, a body large enough to meet Jackson's string
 * limits) returns null, and the caller reads the whole tree as before, with its error messages.
 */
final class ParlerSlimJson {
    /** Root keys that hold lists of items (posts, the posts echoes point to, comments, users). */
    private static final Set<String> LISTS = Set.of("posts", ParlerPlatform.POST_REFS, "users", "comments", "followers",
            "followees");
    /** Fields of a post or profile that {@link ParlerJson} reads (a profile response is itself such an item). */
    private static final Set<String> ITEM_FIELDS = Set.of("_id", "id", "creator", "body", "createdAt", "depth",
            "parent", "root", "hashtags", "links", "media", "comments", "impressions", "reposts", "upvotes", "deleted",
            "state", "username", "name", "bio", "joined", "followers", "following", "posts", "verified", "banned",
            "private");
    /** Fields of a {@code urls[]} link object that {@link ParlerLinks#fromUrls} reads ... */
    private static final Set<String> URL_FIELDS = Set.of("_id", "short", "long", "metadata");
    /** ... and of its {@code metadata} object (the page preview: images, sizes, … are skipped). */
    private static final Set<String> METADATA_FIELDS = Set.of("title", "description");
    /** Root keys of a list page's cursor, which discovery reads ({@code ParlerCursor.nextKey}). */
    private static final Set<String> PAGING = Set.of("next", "last");
    /** Above this size a skipped string could meet Jackson's length limit, which the full read reports. */
    static final int MAX_BODY = 8 * 1024 * 1024;

    private ParlerSlimJson() {}

    /**
     * The slim tree of {@code body} (a body with stray invalid UTF-8 repaired first, as the full read repairs it:
     * {@link LenientJson}), or null when the full tree must be read instead.
     */
    static LenientJson.Parsed<JsonNode> read(byte[] body) {
        try {
            LenientJson.Parsed<JsonNode> p = LenientJson.read(body, ParlerSlimJson::slim);
            return p.value() == null ? null : p;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The slim tree, null when the body is not the plain case; throws Jackson's errors. */
    private static JsonNode slim(byte[] body) throws IOException {
        if (body.length > MAX_BODY) return null;
        try (JsonParser p = ParlerPlatform.JSON.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            JsonNodeFactory f = ParlerPlatform.JSON.getNodeFactory();
            ObjectNode root = f.objectNode();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                boolean urls = name.equals(ParlerPlatform.URLS);
                if ((LISTS.contains(name) || urls) && t == JsonToken.START_ARRAY) {
                    Set<String> fields = urls ? URL_FIELDS : ITEM_FIELDS;
                    ArrayNode items = f.arrayNode();
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        items.add(t == JsonToken.START_OBJECT ? item(p, f, fields) : value(p, t, f));
                    }
                    root.replace(name, items);
                } else if (name.equals("post") && t == JsonToken.START_OBJECT) {
                    root.replace(name, item(p, f, ITEM_FIELDS));
                } else if (LISTS.contains(name) || urls || name.equals("post") || ITEM_FIELDS.contains(name) || PAGING.contains(name)) {
                    root.replace(name, value(p, t, f));
                } else {
                    p.skipChildren();
                }
            }
            return root;
        }
    }

    /** An item object with only the {@code fields} extraction reads (positioned at its START_OBJECT). */
    private static ObjectNode item(JsonParser p, JsonNodeFactory f, Set<String> fields) throws IOException {
        ObjectNode o = f.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (!fields.contains(name)) {
                p.skipChildren();
            } else if (fields == URL_FIELDS && name.equals("metadata") && t == JsonToken.START_OBJECT) {
                o.replace(name, item(p, f, METADATA_FIELDS));
            } else {
                o.replace(name, value(p, t, f));
            }
        }
        return o;
    }

    /** The whole value at the current token, as {@code JsonNodeDeserializer} builds it with default settings. */
    private static JsonNode value(JsonParser p, JsonToken t, JsonNodeFactory f) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                String name;
                while ((name = p.nextFieldName()) != null) o.replace(name, value(p, p.nextToken(), f));
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                JsonToken v;
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) a.add(value(p, v, f));
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT: return f.numberNode(p.getIntValue());
                    case LONG: return f.numberNode(p.getLongValue());
                    default: return f.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                if (p.getNumberTypeFP() == JsonParser.NumberTypeFP.BIG_DECIMAL) return f.numberNode(p.getDecimalValue());
                if (p.getNumberTypeFP() == JsonParser.NumberTypeFP.FLOAT32) return f.numberNode(p.getFloatValue());
                return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                throw new IllegalStateException("unexpected token " + t);
        }
    }
}
