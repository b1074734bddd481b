package io.lastlight.wacz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** One entry of {@code pages/pages.jsonl}: a captured page a reader can open, with its time and title. */
public record Page(String url, Instant ts, String title) {
    /** A stable id: the same capture always gets the same id. */
    public String id() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest((ts + " " + url).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
