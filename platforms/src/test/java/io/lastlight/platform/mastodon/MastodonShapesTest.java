package io.lastlight.platform.mastodon;

import io.lastlight.platform.Extraction;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

import static io.lastlight.platform.mastodon.MastodonFixtures.ANNA;
import static io.lastlight.platform.mastodon.MastodonFixtures.capture;
import static io.lastlight.platform.mastodon.MastodonFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Responses of endpoints the adapter does not route by path, read by the shape of their JSON. */
class MastodonShapesTest {
    private final MastodonPlatform mastodon = new MastodonPlatform();

    private static String json(String name) {
        return new String(fixture(name), StandardCharsets.UTF_8);
    }

    private static Set<String> postIds(Extraction x) {
        return x.posts().stream().map(PostObservation::postId).collect(Collectors.toSet());
    }

    private static Set<String> userIds(Extraction x) {
        return x.profiles().stream().map(ProfileObservation::userId).collect(Collectors.toSet());
    }

    /** What the routed statuses endpoint gives for the same page: the shape reader must give the same rows. */
    private Extraction routed() {
        return mastodon.extract(capture("/api/v1/accounts/" + ANNA + "/statuses?limit=40", 200, fixture("statuses-page.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/trends/statuses?limit=20",                          // Mastodon 3.5+
            "/api/v2/accounts/" + ANNA + "/statuses?page=2&sort_by=newest", // Gab (gablib, 2024)
            "/api/v1/status_comments/109812345678901234?sort_by=oldest",    // Gab's comments of a status
            "/api/v1/truth/trending/truths",                              // Truth Social
            "/api/v1/bookmarks"})
    void anArrayOfStatusesFromAnUnroutedEndpointGivesTheRowsTheStatusesEndpointWould(String path) {
        Extraction x = mastodon.extract(capture(path, 200, fixture("statuses-page.json")));
        Extraction expected = routed();
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertEquals(postIds(expected), postIds(x));
        assertEquals(userIds(expected), userIds(x));
        assertEquals(expected.posts(), x.posts(), "the same observations, field by field");
        assertTrue(x.detail().contains("read by the shape of its JSON"), x.detail());
    }

    @Test
    void searchResultsGiveTheirStatusesAndAccounts() {
        String body = "{\"accounts\":[" + json("account.json") + "],\"statuses\":" + json("statuses-page.json")
                + ",\"hashtags\":[{\"name\":\"maga\",\"url\":\"https://truthsocial.example/tags/maga\"}]}";
        Extraction x = mastodon.extract(capture("/api/v2/search?q=anna&resolve=false", body));
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertEquals(postIds(routed()), postIds(x));
        assertTrue(userIds(x).contains(ANNA));
        ProfileObservation anna = x.profiles().stream().filter(p -> p.userId().equals(ANNA)).findFirst().orElseThrow();
        assertEquals(ProfileObservation.SOURCE_EMBEDDED, anna.source(), "a search hit is not the account's own profile");
        assertEquals(1_234_567, anna.followers().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/directory?local=true", "/api/v1/statuses/109812345678901234/reblogged_by"})
    void anArrayOfAccountsGivesProfileObservations(String path) {
        Extraction x = mastodon.extract(capture(path, "[" + json("account.json") + "]"));
        assertEquals(Extraction.OK, x.status(), x.detail());
        assertEquals(Set.of(ANNA), userIds(x));
        assertEquals(0, x.posts().size());
    }

    @Test
    void jsonWithoutStatusesOrAccountsIsNotContentAsBefore() {
        assertEquals(Extraction.NOT_CONTENT, mastodon.extract(capture("/api/v1/accounts/relationships?id[]=1",
                "[{\"id\":\"1\",\"following\":true,\"followed_by\":false}]")).status());
        assertEquals(Extraction.NOT_CONTENT, mastodon.extract(capture("/api/v1/accounts/" + ANNA + "/lists",
                "[{\"id\":\"7\",\"title\":\"friends\"}]")).status());
        assertEquals(Extraction.NOT_CONTENT, mastodon.extract(capture("/api/v1/custom_emojis", "[]")).status());
        assertEquals(Extraction.NOT_CONTENT, mastodon.extract(capture("/api/v1/trends/statuses", 200,
                fixture("statuses-page.json"), "Content-Type", "text/html")).status(), "an HTML answer is not read as JSON");
        assertEquals(Extraction.NOT_CONTENT, mastodon.extract(capture("/about", 200, fixture("statuses-page.json"))).status(),
                "only API paths are read by shape");
    }

    @Test
    void malformedJsonFromAnUnroutedApiEndpointStaysNotContent() {
        Extraction x = mastodon.extract(capture("/api/v1/trends/statuses", "[{\"id\":\"1\","));
        assertEquals(Extraction.NOT_CONTENT, x.status());
        assertTrue(x.detail().contains("unreadable"), x.detail());
    }
}
