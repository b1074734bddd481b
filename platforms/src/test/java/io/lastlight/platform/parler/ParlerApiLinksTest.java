package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.LinkObservation;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A page's {@code urls[]} (platforms.md §1: the link objects its posts' {@code links[]} name by {@code _id}, as
 * parlance's {@code _reparent_all} resolves them) become link rows, source {@code api}: the id keeps its short and
 * long URL instead of being dropped.
 */
class ParlerApiLinksTest {
    private static final ParlerPlatform PARLER = new ParlerPlatform();

    private static LinkObservation api(String id, String shortUrl, String longUrl, String postId, String title, String excerpt) {
        return new LinkObservation("parler", id, shortUrl, longUrl, LinkObservation.SOURCE_API, postId, null, title, excerpt);
    }

    @Test
    void aCreatorPagesLinkObjectsAreLinkRowsNamingTheirPost() {
        for (boolean slim : new boolean[] {true, false}) {
            Extraction x = ParlerExtract.extract(PARLER, ParlerFixtures.fixture("creator-page-echo.json",
                    "/v1/post/creator?id=4b8638eca2db4b17b3a7203e40ac8ce7&limit=10"), slim);
            assertEquals(List.of(api("tzQpI", "https://par.pw/l/tzQpI", "https://example.com/article",
                    "b730ccce12fe4ed6ae9419ee79589406", "An article", null)), x.links());
            Extraction y = ParlerExtract.extract(PARLER, ParlerFixtures.fixture("creator-page.json",
                    "/v1/post/creator?id=a3f9c2d41b7e4f0a9c8d7e6f5a4b3c2d&limit=10"), slim);
            assertEquals(List.of(api("l1", "par.pw/l/1", "https://example.com/a", "0b5c2e5f0e4a4d4f8a1b2c3d4e5f6a7b", null, null)),
                    y.links(), "kept as served");
        }
    }

    @Test
    void oddEntriesGiveOneRowPerIdWithAUrlOrNone() {
        String body = "{\"post\":{\"_id\":\"p\",\"links\":[\"b\"]},\"postRefs\":[{\"_id\":\"r\",\"links\":[\"a\",\"b\"]}],"
                + "\"urls\":[{\"_id\":\"a\",\"long\":\"https://x.example/\",\"metadata\":{\"title\":\"T\",\"description\":\"D\",\"image\":\"i\"}},"
                + "{\"_id\":\"b\",\"short\":\"https://par.pw/l/b\",\"metadata\":\"none\"},{\"_id\":\"a\",\"long\":\"https://y.example/\"},"
                + "{\"_id\":\"c\",\"short\":\" \"},{\"long\":\"https://z.example/\"},{\"_id\":\"d\",\"long\":\"https://d.example/\"},7]}";
        Capture c = new Capture(URI.create(ParlerFixtures.BASE + "/v1/post?id=p"), Instant.EPOCH, 200,
                Map.of("Content-Type", List.of(ParlerFixtures.JSON)), body.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(List.of(
                api("a", null, "https://x.example/", "r", "T", "D"),
                api("b", "https://par.pw/l/b", null, "p", null, null),
                api("d", null, "https://d.example/", null, null, null)), PARLER.extract(c).links());
    }

    @Test
    void aCommentsPagesLinkObjectsToo() {
        String body = "{\"comments\":[{\"_id\":\"c1\",\"body\":\"see\",\"links\":[\"k\"]}],\"users\":[],"
                + "\"urls\":[{\"_id\":\"k\",\"short\":\"https://par.pw/l/k\",\"long\":\"https://k.example/\"}],\"last\":true}";
        Capture c = new Capture(URI.create(ParlerFixtures.BASE + "/v1/comment?id=p&reverse=true"), Instant.EPOCH, 200,
                Map.of("Content-Type", List.of(ParlerFixtures.JSON)), body.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(List.of(api("k", "https://par.pw/l/k", "https://k.example/", "c1", null, null)), PARLER.extract(c).links());
    }
}
