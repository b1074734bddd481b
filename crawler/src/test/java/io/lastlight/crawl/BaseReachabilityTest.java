package io.lastlight.crawl;

import io.lastlight.fetch.AddressPolicy;
import io.lastlight.fetch.GuardedDnsResolver;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.SqliteFrontier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a crawl counts its base as never reached: which failures, how many, how long, and never after an answer. */
class BaseReachabilityTest {
    static final long S = 1_000_000_000L;

    static Stream<Arguments> failures() throws Exception {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), true),
                Arguments.of(new HttpHostConnectException("connect to http://127.0.0.1:1 failed: Connection refused"), true),
                Arguments.of(new UnknownHostException("platform.invalid: Name or service not known"), true),
                Arguments.of(new NoRouteToHostException("No route to host"), true),
                Arguments.of(new SSLHandshakeException("Remote host terminated the handshake"), true),
                Arguments.of(new ConnectTimeoutException("Connect to http://10.0.0.1:80 failed: connect timed out"), true),
                // https:// to a server speaking plain HTTP that waits for a request line: the handshake times out
                Arguments.of(new SocketTimeoutException("30 seconds"), true),
                Arguments.of(new SocketException("Connection reset"), true),
                Arguments.of(new NoHttpResponseException("127.0.0.1:8080 failed to respond"), true),
                Arguments.of(new CompletionException(new ConnectException("Connection refused")), true),
                // the crawl's own guard refused a private address: the platform's answer is not in question
                Arguments.of(guardRefusal(), false),
                Arguments.of(new CompletionException(guardRefusal()), false));
    }

    static Throwable guardRefusal() throws Exception {
        DnsResolver intranet = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1})};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        try {
            new GuardedDnsResolver(intranet, AddressPolicy.publicOnly()).resolve("intranet.example");
        } catch (UnknownHostException e) {
            return e;
        }
        throw new AssertionError("the guard let 10.0.0.1 through");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void everyFetchWithNoAnswerCountsButAnAddressRefusedByTheGuard(Throwable error, boolean counts, @TempDir Path tmp)
            throws Exception {
        try (Frontier f = new SqliteFrontier(tmp.resolve("frontier.db"), Frontier.Order.TIERED)) {
            BaseReachability r = new BaseReachability(f, Clock.systemUTC(), Duration.ofMinutes(10), false);
            String why = null;
            for (int i = 0; i < 5; i++) why = r.failed(error, "what failed", i * 4 * S);
            assertEquals(counts, why != null, why);
        }
    }

    @Test
    void itTakesFiveFailuresOverFifteenSecondsAndNoAnswer(@TempDir Path tmp) throws Exception {
        try (Frontier f = new SqliteFrontier(tmp.resolve("frontier.db"), Frontier.Order.TIERED)) {
            BaseReachability r = BaseReachability.of(f, Clock.systemUTC(), Duration.ofMinutes(10));
            assertFalse(r.everAnswered());
            ConnectException refused = new ConnectException("Connection refused");
            for (int i = 0; i < 7; i++) assertNull(r.failed(refused, "refused", i * S), "stopped after " + (i + 1) + " failures in " + i + " s");
            String why = r.failed(refused, "ConnectException: connection refused", 15 * S);
            assertNotNull(why);
            assertEquals("8 requests in a row got no answer over 15 s (ConnectException: connection refused)", why);
        }
    }

    @Test
    void fiveFailuresInLessThanThePatienceAreNotEnoughUnlessTheOutageWindowIsShorter(@TempDir Path tmp) throws Exception {
        try (Frontier f = new SqliteFrontier(tmp.resolve("frontier.db"), Frontier.Order.TIERED)) {
            ConnectException refused = new ConnectException("Connection refused");
            BaseReachability patient = new BaseReachability(f, Clock.systemUTC(), Duration.ofMinutes(10), false);
            BaseReachability shortWindow = new BaseReachability(f, Clock.systemUTC(), Duration.ofSeconds(2), false);
            for (int i = 0; i < 4; i++) {
                assertNull(patient.failed(refused, "refused", i * S));
                assertNull(shortWindow.failed(refused, "refused", i * S), "fewer than five failures");
            }
            assertNull(patient.failed(refused, "refused", 4 * S));
            assertNotNull(shortWindow.failed(refused, "refused", 4 * S));
        }
    }

    /** After an answer (stored in the frontier, so a resumed crawl knows it too) connection failures are an outage. */
    @Test
    void afterAnAnswerNothingStopsTheCrawlHereAndTheAnswerIsRemembered(@TempDir Path tmp) throws Exception {
        ConnectException refused = new ConnectException("Connection refused");
        try (Frontier f = new SqliteFrontier(tmp.resolve("frontier.db"), Frontier.Order.TIERED)) {
            BaseReachability r = BaseReachability.of(f, Clock.systemUTC(), Duration.ofMinutes(10));
            r.failed(refused, "refused", 0);
            r.answered();
            for (int i = 1; i < 100; i++) assertNull(r.failed(refused, "refused", i * S));
            assertTrue(f.getMeta(BaseReachability.META_KEY).isPresent());
        }
        try (Frontier f = new SqliteFrontier(tmp.resolve("frontier.db"), Frontier.Order.TIERED)) {
            BaseReachability resumed = BaseReachability.of(f, Clock.systemUTC(), Duration.ofMinutes(10));
            assertTrue(resumed.everAnswered());
            for (int i = 0; i < 100; i++) assertNull(resumed.failed(refused, "refused", i * S));
        }
    }
}
