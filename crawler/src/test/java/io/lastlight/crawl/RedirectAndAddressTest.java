package io.lastlight.crawl;

import com.sun.net.httpserver.HttpServer;
import io.lastlight.fetch.AddressPolicy;
import io.lastlight.fetch.FetchConfig;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.Fetcher;
import io.lastlight.fetch.GuardedDnsResolver;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netpreserve.jwarc.WarcResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirects are captured; a same-scope Location becomes a new frontier item, one leaving scope is recorded
 * and not followed; and no redirect or DNS answer can steer a crawl of a public platform to a private,
 * loopback or link-local address. No traffic ever leaves loopback: refused addresses are refused before
 * connecting, and "public" is simulated by a policy that treats this test's loopback server as public.
 */
class RedirectAndAddressTest {
    HttpServer http;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    int port;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = http.getAddress().getPort();
        http.createContext("/", ex -> {
            String target = ex.getRequestURI().toString();
            requests.add(ex.getRequestHeaders().getFirst("Host") + " " + target);
            byte[] body;
            int status = 200;
            String location = null;
            if (target.startsWith("/robots.txt")) {
                body = "User-agent: *\nDisallow:\n".getBytes(StandardCharsets.UTF_8);
            } else if (target.contains("username=moved")) {
                status = 301;
                location = "/v1/profile?username=target";
                body = new byte[0];
            } else if (target.contains("username=metadata")) {
                status = 302;
                location = "http://169.254.169.254/latest/meta-data/";
                body = new byte[0];
            } else if (target.contains("username=intranet")) {
                status = 302;
                location = "http://10.0.0.1/admin";
                body = new byte[0];
            } else if (target.contains("username=cdn")) {
                status = 302;
                location = "http://cdn.platform.test:" + port + "/v1/profile?username=evil";
                body = new byte[0];
            } else if (target.contains("username=target")) {
                body = "{\"id\":\"u-target\",\"username\":\"target\",\"banned\":true}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "{\"message\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (location != null) ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    /** platform.test and cdn.platform.test → 127.0.0.1 (the test server); everything else resolves normally. */
    DnsResolver fakeDns() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                if (host.equals("platform.test")) return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
                if (host.equals("cdn.platform.test")) return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1})};
                return InetAddress.getAllByName(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    @Test
    void sameScopeRedirectsAreFollowedAndOthersRecordedNotFollowed(@TempDir Path tmp) throws Exception {
        CrawlSettings s = CrawlSettings.defaults();
        s.base = "http://platform.test:" + port;
        s.seedUsers = new ArrayList<>(List.of("moved", "metadata", "intranet", "cdn"));
        s.scopeHosts = new ArrayList<>(List.of("cdn.platform.test"));
        s.out = tmp.resolve("crawl");
        s.rate = 100;
        s.backoffBaseS = 0.01;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream old = System.err;
        CrawlLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        CrawlSummary sum;
        try {
            // The base counts as public: only 127.0.0.1 (this test's server) is let through, as if it were public.
            CrawlEnvironment env = CrawlEnvironment.system(Clock.systemUTC()).withAddresses(fakeDns(),
                    AddressPolicy.publicOnlyExcept(Set.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))));
            sum = CrawlSession.run(s.toConfig(), CrawlMode.NEW, env, CrawlTestSupport.quiet());
        } finally {
            CrawlLog.redirect(old);
        }
        assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
        assertTrue(requests.stream().anyMatch(r -> r.endsWith("username=target")), "same-scope redirect not followed");
        assertEquals(2, sum.stats().redirectsOutOfScope.get(), "metadata and intranet redirects leave scope");
        assertEquals(1, sum.stats().refusedAddresses.get(), "in-scope host resolving to 10.0.0.1 must be refused");
        assertTrue(requests.stream().noneMatch(r -> r.contains("evil") || r.contains("meta-data") || r.contains("admin")), requests.toString());
        // The 3xx captures themselves are in the WARC.
        int[] redirects = {0};
        CrawlTestSupport.eachRecord(tmp.resolve("crawl"), rec -> {
            try {
                if (rec instanceof WarcResponse r && r.http().status() / 100 == 3) redirects[0]++;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(4, redirects[0]);
        String events = log.toString(StandardCharsets.UTF_8);
        assertTrue(events.contains("redirect-out-of-scope") && events.contains("refused-address"), events);
        CrawlTestSupport.assertValid(tmp.resolve("crawl"));
    }

    @Test
    void aPublicBaseCanNeverReachPrivateLoopbackOrLinkLocalAddresses() throws Exception {
        FetchConfig fc = new FetchConfig("test", 2, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20);
        try (Fetcher f = new Fetcher(fc, Clock.systemUTC(), AddressPolicy.publicOnly(), null)) {
            for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://127.0.0.1:" + port + "/",
                    "http://[::1]:" + port + "/", "http://192.168.1.1/", "http://[fd00::1]/")) {
                FetchResult r = f.get(URI.create(url), List.of()).get();
                assertTrue(r.isError(), url + " was fetched");
                Throwable c = r.error();
                while (c.getCause() != null && !(c instanceof GuardedDnsResolver.RefusedAddressException)) c = c.getCause();
                assertInstanceOf(GuardedDnsResolver.RefusedAddressException.class, c, url + ": " + r.describeError());
            }
        }
        assertTrue(requests.isEmpty(), "a refused address was connected to: " + requests);
        assertFalse(AddressPolicy.forBase("127.0.0.1", fakeDns()).refusal(InetAddress.getByName("127.0.0.1")) != null);
        assertNotNull(AddressPolicy.publicOnly().refusal(InetAddress.getByName("100.64.1.1")));
        assertNotNull(AddressPolicy.publicOnly().refusal(InetAddress.getByName("::ffff:10.1.2.3")));
        assertEquals(null, AddressPolicy.publicOnly().refusal(InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34})));
    }

    /**
     * Scope: the base host on its port, its upgrade from http to https, and any port or scheme of a --scope-host
     * (the review's redirect to another port of 127.0.0.1 with --scope-host 127.0.0.1 was refused as out of scope).
     */
    @ParameterizedTest(name = "{0} with scope hosts [{1}]: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080   |               | http://127.0.0.1:8080/api/v1/x  | true",
            "http://127.0.0.1:8080   |               | https://127.0.0.1:8080/api/v1/x | true",
            "http://127.0.0.1:8080   |               | http://127.0.0.1:9090/api/v1/x  | false",
            "http://127.0.0.1:8080   | 127.0.0.1     | http://127.0.0.1:9090/api/v1/x  | true",
            "http://127.0.0.1:8080   | 127.0.0.1     | https://127.0.0.1:9443/x        | true",
            "http://platform.test    |               | https://platform.test/x         | true",
            "http://platform.test    |               | https://PLATFORM.test:443/x     | true",
            "http://platform.test    |               | https://platform.test:8443/x    | false",
            "https://platform.test   |               | http://platform.test/x          | false",
            "http://platform.test    | cdn.platform.test | https://cdn.platform.test:8443/x | true",
            "http://platform.test    | cdn.platform.test | http://evil.test/x           | false",
            "http://platform.test    |               | ftp://platform.test/x           | false"})
    void scopeIsTheBaseHostItsHttpsUpgradeAndScopeHostsOnAnyPort(String base, String scopeHost, String target, boolean expected,
                                                                  @TempDir Path tmp) {
        CrawlSettings s = CrawlSettings.defaults();
        s.base = base;
        s.seedUsers = new ArrayList<>(List.of("x"));
        s.out = tmp;
        if (scopeHost != null) s.scopeHosts = new ArrayList<>(List.of(scopeHost));
        assertEquals(expected, s.toConfig().inScope(URI.create(target)));
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
