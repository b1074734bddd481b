package io.lastlight.fetch;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches URLs with Apache HttpClient 5 (async, pooled, HTTP/1.1 and HTTP/2 negotiated by TLS). It only
 * fetches: no parsing, no retries, no redirects followed (a redirect is a capture like any other and the
 * crawler decides), no content decoding (the WARC keeps the bytes as sent).
 */
public final class Fetcher implements Closeable {
    private static final String SENT_HEADERS = "lastlight.sent-headers";
    private final CloseableHttpAsyncClient client;
    private final FetchConfig config;
    private final Clock clock;
    private final TotalTimeout totalTimeout;
    /** Exchanges in flight, each with the error result that ends it when cancelled ({@link #cancelInFlight}). */
    private final Map<CompletableFuture<FetchResult>, Exchange> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    private record Exchange(java.util.concurrent.Future<?> future, java.util.function.Supplier<FetchResult> cancelled) {}

    public Fetcher(FetchConfig config, Clock clock) {
        this(config, clock, AddressPolicy.allowAll(), null);
    }

    /**
     * @param addresses which addresses may be connected to (checked after DNS, before connecting)
     * @param dns the resolver (null: the system's)
     */
    public Fetcher(FetchConfig config, Clock clock, AddressPolicy addresses, DnsResolver dns) {
        this(config, clock, addresses, dns, null);
    }

    /**
     * As above, sending from {@code localAddress} (a worker given {@code --bind-address}; null: the system's choice).
     */
    public Fetcher(FetchConfig config, Clock clock, AddressPolicy addresses, DnsResolver dns, java.net.InetAddress localAddress) {
        this.config = config;
        this.clock = clock;
        this.totalTimeout = new TotalTimeout(config.totalTimeout());
        PoolingAsyncClientConnectionManager cm = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(dns, addresses))
                // HTTP/2 where TLS (ALPN) negotiates it, HTTP/1.1 otherwise.
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build())
                .setMaxConnTotal(Math.max(2, config.concurrency() * 2))
                .setMaxConnPerRoute(Math.max(2, config.concurrency()))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(Timeout.of(config.responseTimeout())).build())
                .build();
        var builder = HttpAsyncClients.custom();
        if (localAddress != null) {
            builder.setRoutePlanner(new org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner(null) {
                @Override
                protected java.net.InetAddress determineLocalAddress(org.apache.hc.core5.http.HttpHost firstHop,
                                                                     org.apache.hc.core5.http.protocol.HttpContext context) {
                    return localAddress;
                }
            });
        }
        client = builder
                .setConnectionManager(cm)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true).build())
                .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(config.responseTimeout())).build())
                .setUserAgent(config.userAgent())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .addRequestInterceptorLast((request, entity, context) -> {
                    List<Map.Entry<String, String>> sent = new ArrayList<>();
                    for (Header h : request.getHeaders()) sent.add(new AbstractMap.SimpleImmutableEntry<>(h.getName(), h.getValue()));
                    context.setAttribute(SENT_HEADERS, sent);
                })
                .build();
        client.start();
    }

    /** Fetches with GET; completes normally even on transport errors (see {@link FetchResult#error()}). */
    public CompletableFuture<FetchResult> get(URI uri, List<Map.Entry<String, String>> headers) {
        SimpleHttpRequest req = SimpleHttpRequest.create("GET", uri);
        req.setHeader("Accept", "application/json, text/html;q=0.9, */*;q=0.5");
        req.setHeader("Accept-Encoding", "gzip, deflate");
        for (Map.Entry<String, String> h : headers) req.setHeader(h.getKey(), h.getValue());
        HttpClientContext ctx = HttpClientContext.create();
        CompletableFuture<FetchResult> out = new CompletableFuture<>();
        Instant date = clock.instant();
        long start = System.nanoTime();
        java.util.concurrent.Future<?> exchange = client.execute(SimpleRequestProducer.create(req), new CappedBodyConsumer(config.maxBodyBytes()), ctx,
                new FutureCallback<CappedBodyConsumer.Raw>() {
                    @Override
                    public void completed(CappedBodyConsumer.Raw r) {
                        out.complete(new FetchResult(uri, date, sent(ctx, req), r.status(), r.reason(), r.headers(), r.body(),
                                r.truncated(), null, System.nanoTime() - start));
                    }

                    @Override
                    public void failed(Exception ex) {
                        out.complete(error(uri, date, sent(ctx, req), ex, start));
                    }

                    @Override
                    public void cancelled() {
                        out.complete(error(uri, date, sent(ctx, req), new java.util.concurrent.CancellationException("cancelled"), start));
                    }
                });
        inFlight.put(out, new Exchange(exchange, () -> error(uri, date, sent(ctx, req),
                new java.util.concurrent.CancellationException("cancelled: the crawl is stopping"), start)));
        // However it ends (an answer, an error, the total timeout, a cancel), the exchange ends with it: a fetch the
        // total timeout gave up on no longer holds its connection while the server drips bytes.
        out.whenComplete((r, t) -> {
            inFlight.remove(out);
            // Only an exchange the client has not finished itself: cancelling a finished one discarded its pooled
            // connection, so every request opened a new one (the crawl's HTTP thread doubled, +15-25% CPU per capture).
            if (!exchange.isDone()) exchange.cancel(true);
        });
        totalTimeout.watch(out, () -> error(uri, date, List.of(), new java.util.concurrent.TimeoutException(
                "no complete response within " + config.totalTimeout().toSeconds() + "s"), start));
        return out;
    }

    /**
     * Cancels every fetch in flight (the crawl is stopping: its deadline, a stop): each completes at once with an
     * error result whose error is a {@link java.util.concurrent.CancellationException} ({@link #cancelled}), and its
     * connection is closed. Returns how many were cancelled.
     */
    public int cancelInFlight() {
        int n = 0;
        for (var e : inFlight.entrySet()) {
            if (e.getKey().complete(e.getValue().cancelled().get())) n++;
            e.getValue().future().cancel(true);
        }
        if (n > 0) cancelledAny = true;
        return n;
    }

    /** Set once a fetch was cancelled: closing then does not wait for its connection (a stalled server holds it). */
    private volatile boolean cancelledAny;

    /** Whether a result is a fetch {@link #cancelInFlight} cancelled (it says nothing about the server). */
    public static boolean cancelled(FetchResult r) {
        return r.isError() && r.error() instanceof java.util.concurrent.CancellationException;
    }

    @SuppressWarnings("unchecked")
    private static List<Map.Entry<String, String>> sent(HttpClientContext ctx, SimpleHttpRequest req) {
        Object s = ctx.getAttribute(SENT_HEADERS);
        if (s instanceof List) return (List<Map.Entry<String, String>>) s;
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Header h : req.getHeaders()) out.add(new AbstractMap.SimpleImmutableEntry<>(h.getName(), h.getValue()));
        return out;
    }

    private static FetchResult error(URI uri, Instant date, List<Map.Entry<String, String>> sent, Throwable t, long start) {
        return new FetchResult(uri, date, sent, 0, null, List.of(), new byte[0], false, t, System.nanoTime() - start);
    }

    @Override
    public void close() {
        // A graceful close waits for open connections; one a stalled server holds (a cancelled fetch's) kept the
        // stop waiting ~10 s now and then in StalledAtStopTest: after a cancel, nothing is left worth waiting for.
        client.close(cancelledAny ? CloseMode.IMMEDIATE : CloseMode.GRACEFUL);
        totalTimeout.close();
    }
}
