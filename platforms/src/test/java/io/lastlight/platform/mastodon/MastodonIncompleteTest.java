package io.lastlight.platform.mastodon;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.Platform;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static io.lastlight.platform.mastodon.MastodonFixtures.BASE;
import static io.lastlight.platform.mastodon.MastodonFixtures.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200 the adapter cannot read is incomplete (the crawler keeps it, retries, then fails the item with the reason);
 * JSON in a declared charset is read in it; seed lookups are named; the lookups a server that never described itself
 * owes are queued late, once.
 */
class MastodonIncompleteTest {
    private final MastodonPlatform p = new MastodonPlatform();
    private static final String ACCOUNT = "{\"id\":\"2\",\"username\":\"renee\",\"acct\":\"renee\",\"display_name\":\"Ren\u00e9e Caf\u00e9\",\"followers_count\":3}";

    @Test
    void unreadableAnswersAreIncompleteWithAReason() {
        String malformed = p.incompleteReason(capture("/api/v1/accounts/2", 200, "{\"id\": \"1\", \"username\": ".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json"));
        assertTrue(malformed != null && malformed.startsWith("malformed JSON"), malformed);
        String html = p.incompleteReason(capture("/api/v1/accounts/3", 200, "<html><body>down</body></html>".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/html"));
        assertTrue(html != null && html.startsWith("HTML instead of JSON"), html);
        String htmlNoType = p.incompleteReason(capture("/api/v1/accounts/2/statuses?limit=40", 200,
                "\n<!DOCTYPE html><html></html>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(htmlNoType != null && htmlNoType.startsWith("HTML instead of JSON"), htmlNoType);
        String shape = p.incompleteReason(capture("/api/v1/accounts/2/followers?limit=80", ACCOUNT, "Content-Type", "application/json"));
        assertEquals("a JSON array expected for followers, got an object", shape);
        // Complete answers, non-200s and kinds that are not JSON pass.
        assertNull(p.incompleteReason(capture("/api/v1/accounts/2", ACCOUNT, "Content-Type", "application/json")));
        assertNull(p.incompleteReason(capture("/api/v1/accounts/2", 404, "<html></html>".getBytes(StandardCharsets.UTF_8))));
        assertNull(p.incompleteReason(capture("/robots.txt", 200, "User-agent: *".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void jsonInADeclaredCharsetIsReadInIt() {
        Capture latin1 = capture("/api/v1/accounts/2", 200, ACCOUNT.getBytes(StandardCharsets.ISO_8859_1),
                "Content-Type", "application/json; charset=iso-8859-1");
        assertNull(p.incompleteReason(latin1));
        List<CrawlRequest> found = p.discover(BASE, latin1);
        assertTrue(found.stream().anyMatch(r -> r.kind().equals(MastodonPlatform.KIND_POSTS)), found.toString());
        assertTrue(found.stream().anyMatch(r -> r.kind().equals(MastodonPlatform.KIND_FOLLOWERS)), found.toString());
        Extraction x = p.extract(latin1);
        assertEquals("Ren\u00e9e Caf\u00e9", x.profiles().get(0).displayName(), x.toString());
    }

    @Test
    void seedLookupsAreNamedAndOwedLookupsComeOnceInThePlainForm() {
        assertEquals(Optional.of("alice"), p.userLookedUp(URI.create(BASE + "/api/v1/accounts/lookup?acct=alice")));
        assertEquals(Optional.of("bob"), p.userLookedUp(URI.create(BASE + "/api/v1/account_by_username/bob")));
        assertEquals(Optional.empty(), p.userLookedUp(URI.create(BASE + "/api/v1/accounts/7")));

        MastodonPlatform auto = new MastodonPlatform();
        auto.seeds(BASE, List.of("@alice"));
        Platform.LateRequests late = auto.lateRequests(BASE);
        assertNotNull(late, "the lookups were owed and never came");
        assertEquals(List.of(BASE + "/api/v1/accounts/lookup?acct=alice"), late.requests().stream().map(r -> r.uri().toString()).toList());
        assertTrue(late.reason().contains("/api/v1/instance"), late.reason());
        assertNull(auto.lateRequests(BASE), "owed once");

        MastodonPlatform described = new MastodonPlatform();
        described.seeds(BASE, List.of("alice"));
        described.discover(BASE, capture("/api/v1/instance", "{\"uri\":\"x\",\"version\":\"4.2.0\"}", "Content-Type", "application/json"));
        assertNull(described.lateRequests(BASE), "the instance answered: its lookups were queued then");
    }
}
