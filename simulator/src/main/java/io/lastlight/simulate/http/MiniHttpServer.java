package io.lastlight.simulate.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server (blocking sockets, one pooled thread per connection, keep-alive, Content-Length
 * bodies). Written for the simulator rather than using com.sun.net.httpserver because the simulator must
 * misbehave on purpose: reset a connection with RST (SO_LINGER 0), send a Content-Length larger than the
 * body and hang up, and refuse every connection once dark — none of which HttpExchange exposes. TCP_NODELAY
 * is set on every accepted socket.
 */
public final class MiniHttpServer implements Closeable {
    /** Produces the response for a request; never throws for ordinary requests. */
    public interface Handler {
        Response handle(Request request);
    }

    /** Called once per request after it was answered (status 0 = connection reset, no response). */
    public interface Log {
        void log(long nanos, int status, Request request, Response response);
    }

    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 1024 * 1024;

    private final ServerSocket server;
    private final ThreadPoolExecutor pool;
    private final Handler handler;
    private final Log log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    public MiniHttpServer(String host, int port, int threads, Handler handler, Log log) throws IOException {
        this.handler = handler;
        this.log = log;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1024);
        AtomicInteger ids = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(4, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sim-http-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "sim-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    public boolean isClosed() {
        return closed;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                open.add(s);
                if (closed) {
                    closeQuietly(s);
                    return;
                }
                pool.execute(() -> serve(s));
            } catch (RejectedExecutionException | IOException e) {
                open.remove(s);
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        try {
            s.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16384);
            String client = s.getInetAddress().getHostAddress();
            while (!closed) {
                Request req;
                try {
                    req = readRequest(in, client);
                } catch (BadRequest e) {
                    writeSimple(out, 400, e.getMessage());
                    break;
                }
                if (req == null) break;
                boolean keepAlive = keepAlive(req);
                long nanos = System.nanoTime();
                Response resp;
                try {
                    resp = handler.handle(req);
                } catch (RuntimeException e) {
                    resp = Response.json(500, "{\"message\":\"internal error\"}");
                }
                if (resp.delayMillis() > 0) {
                    try {
                        Thread.sleep(resp.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (resp.delivery() == Response.Delivery.RESET) {
                    log(nanos, 0, req, resp);
                    s.setSoLinger(true, 0);
                    s.close();
                    return;
                }
                boolean head = req.method().equals("HEAD");
                byte[] body = resp.body();
                boolean truncate = resp.delivery() == Response.Delivery.TRUNCATE;
                writeHead(out, resp, body.length, keepAlive && !truncate);
                if (!head) out.write(body, 0, truncate ? body.length / 2 : body.length);
                out.flush();
                log(nanos, resp.status(), req, resp);
                if (truncate) {
                    s.shutdownOutput();
                    break;
                }
                if (!keepAlive) break;
            }
        } catch (IOException e) {
            // client went away or server closed: nothing to do
        } finally {
            open.remove(s);
            closeQuietly(s);
        }
    }

    private void log(long nanos, int status, Request req, Response resp) {
        if (log != null) log.log(nanos, status, req, resp);
    }

    private static boolean keepAlive(Request req) {
        String c = req.header("connection");
        boolean http10 = req.headers().containsKey(":http/1.0");
        if (c != null && c.toLowerCase(Locale.ROOT).contains("close")) return false;
        if (http10) return c != null && c.toLowerCase(Locale.ROOT).contains("keep-alive");
        return true;
    }

    private static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;

        BadRequest(String m) {
            super(m);
        }
    }

    private static Request readRequest(InputStream in, String client) throws IOException {
        String line;
        do {
            line = readLine(in);
            if (line == null) return null;
        } while (line.isEmpty());
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) throw new BadRequest("bad request line");
        Map<String, String> headers = new LinkedHashMap<>();
        int total = line.length();
        while (true) {
            String h = readLine(in);
            if (h == null) return null;
            if (h.isEmpty()) break;
            total += h.length();
            if (total > MAX_HEAD) throw new BadRequest("headers too large");
            int c = h.indexOf(':');
            if (c <= 0) throw new BadRequest("bad header line");
            String name = h.substring(0, c).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(c + 1).trim();
            headers.merge(name, value, (a, b) -> name.equals("cookie") ? a + "; " + b : a + ", " + b);
        }
        if (parts[2].equals("HTTP/1.0")) headers.put(":http/1.0", "1");
        if (headers.containsKey("transfer-encoding")) throw new BadRequest("chunked request bodies are not supported");
        byte[] body = new byte[0];
        String cl = headers.get("content-length");
        if (cl != null) {
            int len;
            try {
                len = Integer.parseInt(cl.trim());
            } catch (NumberFormatException e) {
                throw new BadRequest("bad content-length");
            }
            if (len < 0 || len > MAX_BODY) throw new BadRequest("body too large");
            body = in.readNBytes(len);
            if (body.length < len) return null;
        }
        String target = parts[1];
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        return new Request(parts[0].toUpperCase(Locale.ROOT), target, headers, body, client);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = null;
        byte[] buf = new byte[256];
        int n = 0;
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketException e) {
                return null;
            }
            if (c < 0) return n == 0 && b == null ? null : finish(b, buf, n);
            if (c == '\n') return finish(b, buf, n);
            if (n == buf.length) {
                if (b == null) b = new ByteArrayOutputStream();
                b.write(buf, 0, n);
                n = 0;
                if (b.size() > MAX_HEAD) throw new BadRequest("line too long");
            }
            buf[n++] = (byte) c;
        }
    }

    private static String finish(ByteArrayOutputStream b, byte[] buf, int n) {
        String s;
        if (b == null) {
            s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        } else {
            b.write(buf, 0, n);
            s = b.toString(StandardCharsets.ISO_8859_1);
        }
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static void writeHead(OutputStream out, Response resp, int length, boolean keepAlive) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(resp.status()).append(' ').append(reason(resp.status())).append("\r\n");
        for (String[] h : resp.headers()) sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        sb.append("Content-Length: ").append(length).append("\r\n");
        if (!keepAlive) sb.append("Connection: close\r\n");
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeSimple(OutputStream out, int status, String message) throws IOException {
        Response r = Response.json(status, "{\"message\":\"" + message.replace("\"", "'") + "\"}");
        writeHead(out, r, r.body().length, false);
        out.write(r.body());
        out.flush();
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops listening (new connections are refused) and drops every open connection. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) closeQuietly(s);
        pool.shutdownNow();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
