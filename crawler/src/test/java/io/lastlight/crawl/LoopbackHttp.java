package io.lastlight.crawl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A raw HTTP/1.1 server on loopback (ephemeral port), one thread per connection, {@code Connection: close}: for what
 * {@link ScriptedApi}'s JDK server cannot do, such as sending its own {@code Date} (a server whose clock is off),
 * or dripping and stalling a body. The handler writes the whole answer ({@link #answer}) and returns the status it
 * sent, for the log. Closing it closes every connection, so a stalled handler ends.
 */
final class LoopbackHttp implements AutoCloseable {
    interface Handler {
        int handle(String target, OutputStream out) throws IOException, InterruptedException;
    }

    /** One request: when (System.nanoTime), what, and the status answered (0 if the handler failed). */
    record Hit(long nanos, String target, int status) {}

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    final List<Hit> hits = Collections.synchronizedList(new ArrayList<>());

    LoopbackHttp(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s, handler), "loopback-http-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "loopback-http");
        accept.setDaemon(true);
        accept.start();
    }

    private void serve(Socket s, Handler handler) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String line = in.readLine();
            if (line == null) return;
            String target = line.split(" ")[1];
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // headers: not needed
            }
            long t = System.nanoTime();
            int status = 0;
            try {
                status = handler.handle(target, s.getOutputStream());
            } finally {
                hits.add(new Hit(t, target, status));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away, or the server is closing
        } finally {
            open.remove(s);
        }
    }

    /** Writes a whole answer with these headers (Content-Length and Connection: close added). */
    static int answer(OutputStream out, int status, Map<String, String> headers, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        h.append("Content-Length: ").append(b.length).append("\r\nConnection: close\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
        return status;
    }

    String base() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    long count(java.util.function.IntPredicate status) {
        synchronized (hits) {
            return hits.stream().filter(h -> status.test(h.status())).count();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
