package io.lastlight.simulate.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An HTTP response plus how to (mis)deliver it. */
public final class Response {
    /** How the server delivers the response. */
    public enum Delivery { NORMAL, RESET, TRUNCATE }

    private final int status;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    private Delivery delivery = Delivery.NORMAL;
    private long delayMillis;
    private String note;
    private long nanos;

    public Response(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        if (contentType != null) header("Content-Type", contentType);
    }

    public static Response json(int status, byte[] body) {
        return new Response(status, "application/json", body);
    }

    public static Response json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public Response header(String name, String value) {
        headers.add(new String[]{name, value});
        return this;
    }

    public String header(String name) {
        for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
        return null;
    }

    public int status() { return status; }
    public List<String[]> headers() { return headers; }
    public byte[] body() { return body; }
    public void body(byte[] b) { body = b; }
    public Delivery delivery() { return delivery; }
    public Response delivery(Delivery d) { delivery = d; return this; }
    public long delayMillis() { return delayMillis; }
    public Response delayMillis(long d) { delayMillis = d; return this; }
    /** A short tag written to the access log (e.g. the fault injected). */
    public String note() { return note; }
    public Response note(String n) { note = n; return this; }
    /** The monotonic admission time the rate limiter used (0 = none); the access log prefers it. */
    public long nanos() { return nanos; }
    public Response nanos(long n) { nanos = n; return this; }
}
