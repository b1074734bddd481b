package io.lastlight.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.crawl.ScriptedApi.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirect chains: followed within scope to {@link RedirectChain#MAX} hops, the target keeping the item's kind so its
 * content leads on; a loop (to itself, or back through another URL), a chain too long and a target out of scope fail
 * the item with the reason, in coverage.json and the log. Every 3xx answer stays in WARC.
 */
class RedirectChainTest {
    static final String PROFILE = "/v1/profile?username=";

    static Answer to(String location) {
        return Answer.of(302, "application/json", "", "Location", location);
    }

    @Test
    void chainsAreFollowedToTheLimitAndLoopsOrStrayTargetsFailTheItem(@TempDir Path tmp) throws Exception {
        ScriptedApi.Script script = (t, nth) -> {
            if (t.equals(PROFILE + "self")) return to(PROFILE + "self");                   // to itself
            if (t.equals(PROFILE + "ping")) return to(PROFILE + "pong");                   // A -> B -> A
            if (t.equals(PROFILE + "pong")) return to(PROFILE + "ping");
            if (t.startsWith(PROFILE + "far")) {                                            // far -> far1 -> ... -> far9
                int n = t.length() == (PROFILE + "far").length() ? 0 : Integer.parseInt(t.substring((PROFILE + "far").length()));
                return n < 9 ? to(PROFILE + "far" + (n + 1)) : null;
            }
            if (t.equals(PROFILE + "near")) return to(PROFILE + "near2");                  // two hops, then the account
            if (t.equals(PROFILE + "near2")) return to(PROFILE + "landed");
            if (t.equals(PROFILE + "away")) return to("http://elsewhere.invalid/v1/profile?username=x");
            return null;
        };
        try (ScriptedApi api = new ScriptedApi(script)) {
            CrawlSettings s = api.settings(tmp.resolve("c"), "self", "ping", "far", "near", "away");
            String log = SeedResolutionTest.logOf(() -> CrawlTestSupport.crawl(s, CrawlMode.NEW));
            assertTrue(log.contains("redirect loop: HTTP 302 back to " + api.base() + PROFILE + "self (itself)"), log);
            assertTrue(log.contains("redirect loop: HTTP 302 back to " + api.base() + PROFILE + "ping after 1 redirect(s)"), log);
            assertTrue(log.contains("too many redirects: more than 5 in a row"), log);
            assertTrue(log.contains("outside the crawl's scope") && log.contains("--scope-host elsewhere.invalid"), log);
            assertEquals(1, api.count(PROFILE + "self"), "a redirect to itself is asked once");
            assertEquals(1, api.count(PROFILE + "ping"));
            assertEquals(1, api.count(PROFILE + "far5"));
            assertEquals(0, api.count(PROFILE + "far6"), "followed past " + RedirectChain.MAX + " redirects");
            assertEquals(1, api.count(PROFILE + "landed"), "a two-hop chain was not followed to its end");

            JsonNode cov = new ObjectMapper().readTree(tmp.resolve("c/coverage.json").toFile());
            assertEquals(4, cov.path("by_kind").path("profile").path("failed").asInt(), cov.toString());
            assertTrue(cov.path("total").path("coverage").asDouble() < 1.0, cov.toString());
            assertTrue(cov.path("failures").path("profile").path("reasons").toString().contains("redirect loop"), cov.toString());
            // "near" resolved through its chain; the other four seeds did not.
            assertTrue(cov.path("seeds").path("resolved").toString().contains("near"), cov.toString());
            assertFalse(cov.path("seeds").path("resolved").toString().contains("self"), cov.toString());
        }
    }

    @Test
    void theChainLivesInTheKeyBoundedAndRootedAtTheFirstItem() {
        URI a = URI.create("http://h/a"), b = URI.create("http://h/b");
        RedirectChain first = RedirectChain.of("parler:profile:x", a);
        assertEquals(0, first.hops());
        assertTrue(first.visited(a));
        String key = first.next(b);
        assertTrue(key.startsWith("redirect:") && key.endsWith(":parler:profile:x") && key.length() < 60, key);
        RedirectChain second = RedirectChain.of(key, b);
        assertEquals(1, second.hops());
        assertTrue(second.visited(a) && second.visited(b));
        assertEquals("parler:profile:x", RedirectChain.rootKey(second.next(URI.create("http://h/c"))));
        assertEquals("plain:key", RedirectChain.rootKey("plain:key"));
    }
}
