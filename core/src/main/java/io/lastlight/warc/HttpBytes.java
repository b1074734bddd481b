package io.lastlight.warc;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serialises HTTP/1.1 messages as they go into WARC request and response records. HttpClient hands us
 * headers and a de-chunked body, not raw bytes, so a chunked response is stored with its body whole and
 * {@code Transfer-Encoding} renamed to {@code X-Archive-Orig-Transfer-Encoding}; replay tools read it as is.
 */
public final class HttpBytes {
    private HttpBytes() {}

    public static byte[] request(String method, URI uri, List<Map.Entry<String, String>> headers) {
        StringBuilder sb = new StringBuilder();
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) target += "?" + uri.getRawQuery();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("Host")) host = true;
        }
        if (!host) {
            sb.append("Host: ").append(uri.getHost());
            if (uri.getPort() != -1) sb.append(':').append(uri.getPort());
            sb.append("\r\n");
        }
        for (Map.Entry<String, String> h : headers) appendHeader(sb, h.getKey(), h.getValue());
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] responseHead(int status, String reason, List<Map.Entry<String, String>> headers) {
        return responseHead(status, reason, headers, false);
    }

    /**
     * With {@code truncated}, {@code Content-Length} no longer describes the stored body, so it is kept as
     * {@code X-Archive-Orig-Content-Length} (as for Transfer-Encoding) and the record says WARC-Truncated.
     */
    public static byte[] responseHead(int status, String reason, List<Map.Entry<String, String>> headers, boolean truncated) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
                .append(reason == null || reason.isEmpty() ? defaultReason(status) : reason).append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Transfer-Encoding")) name = "X-Archive-Orig-Transfer-Encoding";
            if (truncated && name.equalsIgnoreCase("Content-Length")) name = "X-Archive-Orig-Content-Length";
            appendHeader(sb, name, h.getValue());
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[] head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
        out.writeBytes(head);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void appendHeader(StringBuilder sb, String name, String value) {
        // Never let a header value break the message framing.
        sb.append(name).append(": ").append(value.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
    }

    static String defaultReason(int status) {
        switch (status) {
            case 200: return "OK";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 410: return "Gone";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return String.format(Locale.ROOT, "Status %d", status);
        }
    }
}
