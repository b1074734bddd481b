package io.lastlight.platform.parler;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.json.LenientJson;
import io.lastlight.platform.Capture;

/**
 * The tree of the body {@link ParlerPlatform} was last asked about, for incompleteness, page counts, discovery and
 * extraction alike.
 */
final class ParlerTrees {
    private final boolean slimTrees;
    /**
     * The last body read as a tree: the crawler asks about one capture several times in a row (complete?
     * what does it link to? how many pages does it imply?), and each question would otherwise parse it again.
     * Matched by the body array's identity; immutable, so threads sharing the adapter at most parse twice.
     */
    private volatile ParsedBody lastParsed;

    private record ParsedBody(byte[] body, LenientJson.Parsed<JsonNode> parsed, java.io.IOException error) {}

    /** @param slimTrees read bodies with {@link ParlerSlimJson} when it can (false: always the full tree; for tests) */
    ParlerTrees(boolean slimTrees) {
        this.slimTrees = slimTrees;
    }

    /**
     * The body's tree, read once per body (see {@link #lastParsed}): {@link ParlerSlimJson}'s streaming read of the
     * fields this adapter reads (discovery, page counts and extraction alike) when the body is a plain JSON object,
     * else the whole tree ({@code JSON.readTree}), whose errors are the ones reported. A body with stray invalid
     * UTF-8 is read repaired ({@link LenientJson}).
     */
    JsonNode tree(Capture capture) throws java.io.IOException {
        ParsedBody p = lastParsed;
        if (p == null || p.body() != capture.body()) {
            LenientJson.Parsed<JsonNode> slim = slimTrees ? ParlerSlimJson.read(capture.body()) : null;
            if (slim != null) {
                p = new ParsedBody(capture.body(), slim, null);
            } else {
                try {
                    p = new ParsedBody(capture.body(), LenientJson.readTree(ParlerPlatform.JSON, capture.body()), null);
                } catch (java.io.IOException e) {
                    p = new ParsedBody(capture.body(), null, e);
                }
            }
            lastParsed = p;
        }
        if (p.error() != null) throw p.error();
        return p.parsed().value();
    }

    /**
     * The tree of {@code body} if this adapter has just read it (the crawler asks whether a capture is complete
     * and what it links to before it extracts it), with the count of invalid UTF-8 sequences replaced before it
     * parsed, else null: extraction then reads the body itself.
     */
    LenientJson.Parsed<JsonNode> treeRead(byte[] body) {
        ParsedBody p = lastParsed;
        return p != null && p.body() == body && p.error() == null ? p.parsed() : null;
    }
}
