package io.lastlight.platform.mastodon;

import io.lastlight.core.UserException;
import io.lastlight.platform.Capture;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.Platform;
import io.lastlight.platform.PlatformOptions;
import io.lastlight.platform.PlatformStat;
import io.lastlight.platform.Platforms;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.lastlight.platform.mastodon.MastodonFixtures.BASE;
import static io.lastlight.platform.mastodon.MastodonFixtures.capture;
import static io.lastlight.platform.mastodon.MastodonFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dialects (platforms.md §2): detection, Gab's lookup, Truth Social's replies, policies and extras. */
class MastodonDialectTest {
    private static final String GAB_NODEINFO = "{\"version\":\"2.0\",\"software\":{\"name\":\"gabsocial\",\"version\":\"2.8.4\"}}";
    private static final String TRUTH_INSTANCE = "{\"uri\":\"truthsocial.com\",\"version\":\"3.4.1 (compatible; TruthSocial 1.0.0)\","
            + "\"stats\":{\"user_count\":10}}";

    private static MastodonPlatform auto() {
        return (MastodonPlatform) Platforms.byName("mastodon").configure(options("auto"));
    }

    private static PlatformOptions options(String dialect) {
        return new PlatformOptions(false, false, List.of(), Map.of("dialect", dialect));
    }

    private static List<String> urls(List<CrawlRequest> rs) {
        return rs.stream().map(r -> r.uri().toString()).toList();
    }

    @Test
    void theRealNodeinfoChainIsReadAndLeadsToTheLookupsInMastodonForm() {
        MastodonPlatform m = auto();
        List<CrawlRequest> seeds = m.seeds(BASE, List.of("alice"));
        assertEquals(List.of("nodeinfo", "instance", "timeline"), seeds.stream().map(CrawlRequest::kind).toList());
        Capture index = capture("/.well-known/nodeinfo", 200, fixture("real-nodeinfo-index.json"));
        assertEquals(List.of(BASE + "/nodeinfo/2.0"), urls(m.discover(BASE, index)), "the document, on the crawl's own host");
        assertEquals(Extraction.NOT_CONTENT, m.extract(index).status());
        Capture doc = capture("/nodeinfo/2.0", 200, fixture("real-nodeinfo-2.0.json"));
        Extraction x = m.extract(doc);
        assertEquals(Extraction.OK, x.status());
        assertEquals("mastodon", stat(x, "software"));
        assertEquals("4.6.4", stat(x, "nodeinfo_software_version"));
        assertEquals(List.of(BASE + "/api/v1/accounts/lookup?acct=alice"), urls(m.discover(BASE, doc)));
        assertEquals("mastodon", m.dialect());
    }

    @Test
    void theRealMastodonSocialInstanceIsMastodonAndKeepsItsVersion() {
        MastodonPlatform m = auto();
        m.seeds(BASE, List.of("alice"));
        Capture inst = capture("/api/v1/instance", 200, fixture("real-instance-mastodon-social.json"));
        Extraction x = m.extract(inst);
        assertEquals(Extraction.OK, x.status());
        assertTrue(stat(x, "software_version").startsWith("4.7.0"));
        assertNull(stat(x, "software"), "a plain Mastodon version names no fork");
        assertEquals(List.of(BASE + "/api/v1/accounts/lookup?acct=alice"), urls(m.discover(BASE, inst)));
    }

    @Test
    void gabIsDetectedFromNodeinfoAndLooksUpSeedsByUsername() {
        MastodonPlatform m = auto();
        m.seeds(BASE, List.of("@Alice", "bob@elsewhere.example"));
        List<CrawlRequest> found = m.discover(BASE, capture("/nodeinfo/2.0", GAB_NODEINFO));
        assertEquals(List.of(BASE + "/api/v1/account_by_username/Alice"), urls(found), "Gab looks up its own users only");
        assertEquals("mastodon:lookup-gab:alice", found.get(0).key());
        assertEquals("gab", m.dialect());
        assertEquals("gab", stat(m.extract(capture("/nodeinfo/2.0", GAB_NODEINFO)), "software"));
        // --dialect gab seeds the lookups right away.
        Platform given = Platforms.byName("mastodon").configure(options("gab"));
        assertTrue(urls(given.seeds(BASE, List.of("alice"))).contains(BASE + "/api/v1/account_by_username/alice"));
        assertEquals("profile", given.kindOf(java.net.URI.create(BASE + "/api/v1/account_by_username/alice")));
    }

    @Test
    void truthSocialIsToldByItsInstanceVersionAndRepliesComeFromDescendants() {
        MastodonPlatform m = auto();
        m.seeds(BASE, List.of("anna"));
        Capture inst = capture("/api/v1/instance", TRUTH_INSTANCE);
        assertEquals(List.of(BASE + "/api/v1/accounts/lookup?acct=anna"), urls(m.discover(BASE, inst)));
        assertEquals("truthsocial", m.dialect());
        assertEquals("truthsocial", stat(m.extract(inst), "software"));
        String status = "{\"id\":\"111\",\"replies_count\":3,\"account\":{\"id\":\"7\",\"followers_count\":5}}";
        List<String> found = urls(m.discover(BASE, capture("/api/v1/statuses/111", status)));
        assertTrue(found.contains(BASE + "/api/v1/statuses/111/context/descendants?sort=oldest"), found.toString());
        assertTrue(found.stream().noneMatch(u -> u.endsWith("/context")));
        // The descendants page: statuses, paged by Link.
        Capture page = capture("/api/v1/statuses/111/context/descendants?sort=oldest",
                "[{\"id\":\"112\",\"in_reply_to_id\":\"111\",\"account\":{\"id\":\"8\"}}]",
                "Link", "<" + BASE + "/api/v1/statuses/111/context/descendants?sort=oldest&max_id=ab>; rel=\"next\"");
        assertEquals("descendants", m.kindOf(page.uri()));
        assertEquals(1, m.extract(page).posts().size());
        CrawlRequest next = m.discover(BASE, page).stream().filter(r -> r.kind().equals("descendants")).findFirst().orElseThrow();
        assertEquals(BASE + "/api/v1/statuses/111/context/descendants?sort=oldest&max_id=ab", next.uri().toString());
        assertNull(next.owner());
    }

    @Test
    void gabsAnonymousPagingRefusalIsPolicyNotARateLimit() {
        MastodonPlatform m = auto();
        Capture refused = capture("/api/v1/accounts/7/statuses?limit=40&max_id=99", 429, "{\"error\": true}".getBytes());
        assertNotNull(m.policyRefusal(refused, false));
        assertNotNull(m.policyRefusal(refused, true), "the body and the missing Retry-After say it, token or not");
        assertEquals(Extraction.POLICY, m.extract(refused).status());
        assertNull(m.policyRefusal(capture("/api/v1/accounts/7/statuses?limit=40&max_id=99", 429, "{\"error\": true}".getBytes(),
                "Retry-After", "30"), false), "a Retry-After is a rate limit");
        assertNull(m.policyRefusal(capture("/api/v1/accounts/7/statuses?limit=40&max_id=99", 429,
                "{\"error\":\"Too many requests\"}".getBytes()), false), "a message is a rate limit");
        assertNull(m.policyRefusal(capture("/api/v1/accounts/7/statuses?limit=40", 429, "{\"error\": true}".getBytes()), false),
                "not a paging request");
    }

    @Test
    void followListsAndThreadsNeedingATokenArePolicyOnlyWithoutOne() {
        MastodonPlatform m = auto();
        Capture followers = capture("/api/v1/accounts/7/followers?limit=80", 401, "{\"error\":\"outside the scopes\"}".getBytes());
        assertNotNull(m.policyRefusal(followers, false));
        assertNull(m.policyRefusal(followers, true), "with a token, a 401 is the login's business");
        Capture context = capture("/api/v1/statuses/5/context", 422, "{\"error\":\"needs a user\"}".getBytes());
        assertNotNull(m.policyRefusal(context, false));
        assertNull(m.policyRefusal(capture("/api/v1/accounts/7", 401, new byte[0]), false), "an account page is no policy");
        assertNull(m.policyRefusal(capture("/api/v1/accounts/7/followers", 200, "[]".getBytes()), false));
    }

    @Test
    void gabAndPleromaFieldsAreKeptAsExtras() {
        MastodonPlatform m = auto();
        String gab = "{\"id\":\"7\",\"acct\":\"a\",\"followers_count\":1,\"is_pro\":true,\"is_verified\":false,\"is_donor\":false,"
                + "\"is_investor\":true,\"is_flagged_as_spam\":false}";
        Extraction x = m.extract(capture("/api/v1/account_by_username/a", gab));
        assertEquals("{\"is_pro\":true,\"is_verified\":false,\"is_donor\":false,\"is_investor\":true,\"is_flagged_as_spam\":false}",
                x.profiles().get(0).extras());
        assertEquals(false, x.profiles().get(0).verified());
        String pleroma = "{\"id\":\"AbC\",\"content\":\"<p>hi</p>\",\"account\":{\"id\":\"x\",\"acct\":\"x\"},"
                + "\"pleroma\":{\"local\":true,\"conversation_id\":12}}";
        assertEquals("{\"pleroma\":{\"local\":true,\"conversation_id\":12}}",
                m.extract(capture("/api/v1/statuses/AbC", pleroma)).posts().get(0).extras());
        assertNull(m.extract(capture("/api/v1/accounts/1", 200, fixture("account.json"))).profiles().get(0).extras());
    }

    /** A content warning and a poll are part of what was posted: kept in extras (Mastodon, Gab and Truth Social send both). */
    @Test
    void aContentWarningAndAPollAreKeptAsExtrasAndAnEmptyWarningIsNot() {
        MastodonPlatform m = auto();
        String cw = "{\"id\":\"9\",\"content\":\"<p>details</p>\",\"account\":{\"id\":\"x\",\"acct\":\"x\"},"
                + "\"sensitive\":true,\"spoiler_text\":\"CW: violence\",\"poll\":{\"id\":\"3\",\"expired\":true,"
                + "\"votes_count\":5,\"options\":[{\"title\":\"yes\",\"votes_count\":4},{\"title\":\"no\",\"votes_count\":1}]}}";
        assertEquals("{\"spoiler_text\":\"CW: violence\",\"poll\":{\"id\":\"3\",\"expired\":true,\"votes_count\":5,"
                        + "\"options\":[{\"title\":\"yes\",\"votes_count\":4},{\"title\":\"no\",\"votes_count\":1}]}}",
                m.extract(capture("/api/v1/statuses/9", cw)).posts().get(0).extras());
        String plain = "{\"id\":\"10\",\"content\":\"<p>hi</p>\",\"account\":{\"id\":\"x\",\"acct\":\"x\"},"
                + "\"sensitive\":false,\"spoiler_text\":\"\",\"poll\":null}";
        assertNull(m.extract(capture("/api/v1/statuses/10", plain)).posts().get(0).extras());
    }

    @Test
    void anUnknownDialectIsAUserError() {
        UserException e = assertThrows(UserException.class, () -> Platforms.byName("mastodon").configure(options("myspace")));
        assertTrue(e.getMessage().contains("auto, mastodon, gab, truthsocial, gotosocial or pleroma"), e.getMessage());
        assertEquals("pleroma", ((MastodonPlatform) Platforms.byName("mastodon").configure(options("Akkoma"))).dialect());
    }

    private static String stat(Extraction x, String metric) {
        for (PlatformStat s : x.stats()) if (s.metric().equals(metric)) return s.detail();
        return null;
    }
}
