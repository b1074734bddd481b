package io.lastlight.toy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The toy platform's API over a fixed world of three accounts (alice followed by bob and carol, bob by carol),
 * on a free loopback port. Alice has 3 posts (two feed pages), bob 1, carol none.
 */
final class ToyServer implements AutoCloseable {
    record User(String id, String name, String display, List<String> fans, List<String[]> posts) {}

    static final Map<String, User> USERS = Map.of(
            "u1", new User("u1", "alice", "Alice A.", List.of("u2", "u3"), List.of(
                    new String[] {"p3", "third post", "2021-01-03T00:00:00Z"},
                    new String[] {"p2", "second post", "2021-01-02T00:00:00Z"},
                    new String[] {"p1", "first post", "2021-01-01T00:00:00Z"})),
            "u2", new User("u2", "bob", "Bob B.", List.of("u3"), List.<String[]>of(
                    new String[] {"p4", "bob says hi", "2021-01-04T00:00:00Z"})),
            "u3", new User("u3", "carol", "Carol C.", List.of(), List.of()));

    private final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    ToyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static User byNameOrId(String s) {
        for (User u : USERS.values()) if (u.name.equals(s) || u.id.equals(s)) return u;
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery();
        String[] p = path.split("/");
        String body = null;
        if (p.length >= 4 && p[1].equals("api") && p[2].equals("user")) {
            User u = byNameOrId(p[3]);
            if (u != null && p.length == 4) {
                body = String.format("{\"id\":\"%s\",\"name\":\"%s\",\"display\":\"%s\",\"followers\":%d,\"following\":%d,\"posts\":%d}",
                        u.id, u.name, u.display, u.fans.size(), following(u.id), u.posts.size());
            } else if (u != null && p[4].equals("feed")) {
                int page = query != null && query.startsWith("page=") ? Integer.parseInt(query.substring(5)) : 1;
                StringBuilder sb = new StringBuilder("{\"items\":[");
                int from = (page - 1) * 2, to = Math.min(u.posts.size(), from + 2);
                for (int i = from; i < to; i++) {
                    String[] post = u.posts.get(i);
                    if (i > from) sb.append(',');
                    sb.append(String.format("{\"id\":\"%s\",\"text\":\"%s\",\"at\":\"%s\"}", post[0], post[1], post[2]));
                }
                sb.append("],\"next\":").append(to < u.posts.size() ? String.valueOf(page + 1) : "null").append('}');
                body = sb.toString();
            } else if (u != null && p[4].equals("fans")) {
                StringBuilder sb = new StringBuilder("{\"fans\":[");
                for (int i = 0; i < u.fans.size(); i++) {
                    User f = USERS.get(u.fans.get(i));
                    if (i > 0) sb.append(',');
                    sb.append(String.format("{\"id\":\"%s\",\"name\":\"%s\"}", f.id, f.name));
                }
                body = sb.append("]}").toString();
            }
        }
        byte[] bytes = (body == null ? "{\"error\":\"not found\"}" : body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int following(String id) {
        int n = 0;
        for (User u : USERS.values()) if (u.fans.contains(id)) n++;
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
