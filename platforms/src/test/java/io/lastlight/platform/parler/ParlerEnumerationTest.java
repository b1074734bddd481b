package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.Tombstone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.lastlight.platform.parler.ParlerFixtures.BASE;
import static io.lastlight.platform.parler.ParlerFixtures.JSON;
import static io.lastlight.platform.parler.ParlerFixtures.capture;
import static io.lastlight.platform.parler.ParlerFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Enumeration ({@code --enumerate-ids}): {@code /v3/uuidConversion/post/<n>} answers the id of post number n
 * (or 404 for an unused number), the post is then fetched by id and may turn out deleted or its author banned.
 */
class ParlerEnumerationTest {
    final ParlerPlatform parler = new ParlerPlatform();

    @Test
    void enumerationSeedsCoverTheRangeInclusivelyWithStableKeys() {
        List<CrawlRequest> seeds = parler.enumerationSeeds(BASE, 206, 208);
        assertEquals(List.of(BASE + "/v3/uuidConversion/post/206", BASE + "/v3/uuidConversion/post/207", BASE + "/v3/uuidConversion/post/208"),
                seeds.stream().map(r -> r.uri().toString()).toList());
        assertEquals(List.of("parler:uuid:post:206", "parler:uuid:post:207", "parler:uuid:post:208"), seeds.stream().map(CrawlRequest::key).toList());
        assertTrue(seeds.stream().allMatch(r -> r.kind().equals(ParlerPlatform.KIND_UUID)));
        assertTrue(parler.enumerationSeeds(BASE, 5, 4).isEmpty());
    }

    @Test
    void aUsedNumberAnswersAPostIdThatIsThenFetchedById() {
        Capture c = fixture("uuid-post-sim.json", "/v3/uuidConversion/post/207");
        assertEquals(ParlerPlatform.KIND_UUID, parler.kindOf(c.uri()));
        assertNull(parler.incompleteReason(c));
        Extraction x = parler.extract(c);
        assertEquals(Extraction.NOT_CONTENT, x.status(), "evidence, not rows");
        assertEquals("id lookup: 88702dcd8857561c855f30d15cda4bd9", x.detail());
        assertEquals(0, x.rowCount());
        List<CrawlRequest> next = parler.discover(BASE, c);
        assertEquals(1, next.size());
        assertEquals(BASE + "/v1/post?id=88702dcd8857561c855f30d15cda4bd9", next.get(0).uri().toString());
        assertEquals("parler:post:88702dcd8857561c855f30d15cda4bd9", next.get(0).key(), "the same key as the post found any other way");
        assertEquals(ParlerPlatform.KIND_POST, next.get(0).kind());
    }

    @Test
    void anUnusedNumberIs404AndLeadsNowhere() {
        Capture c = capture("/v3/uuidConversion/post/41", 404, JSON, ParlerFixtures.bytes("uuid-unused-sim.json"));
        assertNull(parler.incompleteReason(c), "a 404 is a complete answer");
        Extraction x = parler.extract(c);
        assertEquals(Extraction.NOT_CONTENT, x.status());
        assertEquals("HTTP 404", x.detail());
        assertTrue(x.tombstones().isEmpty(), "an unused number is not a deleted post");
        assertTrue(parler.discover(BASE, c).isEmpty());
    }

    /** Answers of an id lookup that are not an id: counted as errors with the reason, never followed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a path              | \"../../v1/admin\"              | id lookup answered string",
            "a query             | \"abc?x=1\"                     | id lookup answered string",
            "an object           | {\"message\":\"rate limited\"}  | id lookup answered object",
            "null                | null                            | id lookup answered null",
            "a number            | 12345                           | id lookup answered number",
            "HTML                | <html><body>502</body></html>   | malformed JSON",
            "cut                 | \"88702dcd88                    | malformed JSON",
    })
    void idLookupsThatAnswerSomethingElseAreErrorsAndNotFollowed(String what, String body, String reason) {
        Capture c = capture("/v3/uuidConversion/post/207", 200, JSON, body.getBytes(StandardCharsets.UTF_8));
        Extraction x = parler.extract(c);
        assertEquals(Extraction.ERROR, x.status(), what);
        assertTrue(x.detail().startsWith(reason), x.detail());
        assertTrue(parler.discover(BASE, c).isEmpty(), what);
    }

    @Test
    void aDeletedPostIsAnObservationFlaggedDeletedWithItsAuthor() {
        Capture c = fixture("post-deleted-sim.json", "/v1/post?id=915a495b81d945262b82178a88ff1ce0");
        Extraction x = parler.extract(c);
        assertEquals(Extraction.OK, x.status());
        PostObservation p = x.posts().get(0);
        assertEquals("915a495b81d945262b82178a88ff1ce0", p.postId());
        assertTrue(p.deleted(), "deleted: true, state 4");
        assertEquals("", p.text());
        assertEquals("eb60dd492d1c2ecc47b859219893bc45", p.authorId());
        assertEquals(1, x.profiles().size());
        assertEquals("1.3k", x.profiles().get(0).posts().display());
        byte[] stateOnly = "{\"post\":{\"_id\":\"abc\",\"creator\":\"u\",\"body\":\"\",\"state\":4}}".getBytes(StandardCharsets.UTF_8);
        assertTrue(parler.extract(capture("/v1/post?id=abc", 200, JSON, stateOnly)).posts().get(0).deleted(), "state 4 alone");
    }

    @Test
    void aPostOrProfileLookupAnswering404IsATombstone() {
        byte[] notFound = "{\"message\":\"post not found\"}".getBytes(StandardCharsets.UTF_8);
        Extraction post = parler.extract(capture("/v1/post?id=915a495b81d945262b82178a88ff1ce0", 404, JSON, notFound));
        assertEquals(List.of(new Tombstone("parler", Tombstone.POST, "915a495b81d945262b82178a88ff1ce0", "http_404")), post.tombstones());
        Extraction gone = parler.extract(capture("/v1/profile?username=DanielScott3717258", 410, JSON, notFound));
        assertEquals(List.of(new Tombstone("parler", Tombstone.USERNAME, "DanielScott3717258", "http_410")), gone.tombstones());
        Extraction byId = parler.extract(capture("/v1/profile?id=25e7a4d4", 404, JSON, notFound));
        assertEquals(Tombstone.PROFILE, byId.tombstones().get(0).itemType());
    }

    @Test
    void aBannedProfileIsObservedBannedAndNotExpandedFurther() {
        Capture c = fixture("profile-banned-sim.json", "/v1/profile?username=DanielScott3717258");
        Extraction x = parler.extract(c);
        assertEquals(Extraction.OK, x.status());
        assertTrue(x.profiles().get(0).banned());
        assertEquals("25e7a4d4eb8d9d80e194cbed5ba83b0b", x.profiles().get(0).userId());
        assertTrue(parler.discover(BASE, c).isEmpty(), "a banned account's lists answer nothing");
        assertEquals(Map.of(), parler.expectedPages(c), "so no pages are expected of it");
    }

    @Test
    void idProbesAndMediaAreKindsOfTheirOwn() {
        assertEquals(ParlerPlatform.KIND_ID_PROBE, parler.kindOf(java.net.URI.create(BASE + "/v3/uuidConversion/user/42")));
        assertEquals(ParlerPlatform.KIND_MEDIA, parler.kindOf(java.net.URI.create(BASE + "/media/p/abc/0.jpg")));
        Capture probe404 = capture("/v3/uuidConversion/user/41", 404, JSON, ParlerFixtures.bytes("uuid-unused-sim.json"));
        assertEquals(Extraction.NOT_CONTENT, parler.extract(probe404).status(), "a probe is evidence whatever it answers");
        Capture cutMedia = new Capture(java.net.URI.create(BASE + "/media/p/abc/0.jpg"), ParlerFixtures.CAPTURED, 200,
                Map.of("Content-Type", List.of("image/jpeg")), new byte[] {(byte) 0xff, (byte) 0xd8}, true);
        Extraction x = parler.extract(cutMedia);
        assertEquals(Extraction.ERROR, x.status());
        assertEquals("body truncated at 2 bytes", x.detail());
        assertFalse(parler.discover(BASE, cutMedia).iterator().hasNext());
    }
}
