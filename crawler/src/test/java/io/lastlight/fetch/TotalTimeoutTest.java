package io.lastlight.fetch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotalTimeoutTest {
    static FetchResult result(int status) {
        return new FetchResult(URI.create("http://127.0.0.1/"), java.time.Instant.EPOCH, List.of(), status, "", List.of(),
                new byte[0], false, null, 0);
    }

    @Test
    void aFetchPastTheTimeoutIsCompletedWithTheTimeoutResultAndAFinishedOneIsLeftAlone() throws Exception {
        try (TotalTimeout t = new TotalTimeout(Duration.ofMillis(100))) {
            CompletableFuture<FetchResult> stuck = new CompletableFuture<>();
            CompletableFuture<FetchResult> quick = new CompletableFuture<>();
            FetchResult late = result(0);
            t.watch(stuck, () -> late);
            t.watch(quick, () -> result(-1));
            FetchResult ok = result(200);
            quick.complete(ok);
            assertEquals(1, t.watched(), "a finished fetch is no longer watched");
            assertSame(late, stuck.get(5, TimeUnit.SECONDS));
            assertSame(ok, quick.get());
            assertEquals(0, t.watched());
        }
    }

    @Test
    void aServerThatSendsTheHeadAndThenStallsEndsInATimeoutError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread stall = new Thread(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                    // the client gave up: done
                }
            });
            stall.setDaemon(true);
            stall.start();
            // response (socket) timeout above the total: only the total cap can end this fetch
            FetchConfig fc = new FetchConfig("test", 2, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMillis(300), 1 << 20);
            try (Fetcher f = new Fetcher(fc, Clock.systemUTC())) {
                long t0 = System.nanoTime();
                FetchResult r = f.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/slow"), List.of()).get(10, TimeUnit.SECONDS);
                double s = (System.nanoTime() - t0) / 1e9;
                assertTrue(r.isError(), "a timeout is an error result");
                assertTrue(r.error() instanceof TimeoutException, String.valueOf(r.error()));
                assertTrue(s >= 0.3 && s < 5, "ended after the 0.3 s cap: " + s);
                stall.interrupt(); // the server hangs up, so the client closes at once
                stall.join(5_000);
            }
        }
    }
}
