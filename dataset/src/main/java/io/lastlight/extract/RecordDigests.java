package io.lastlight.extract;

import org.netpreserve.jwarc.WarcDigest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Whether a WARC record's bytes are still those its writer digested: its {@code WARC-Block-Digest} (the whole block)
 * and {@code WARC-Payload-Digest} (the HTTP body) against digests computed from the bytes read. The one implementation
 * for the build (captures.digest_check, computed while the reader has the bytes in hand) and {@code lastlight evidence}
 * (which reads one record again). A digest value is read as real tools write it: base32 (the WARC spec's example,
 * Heritrix, wget, jwarc), hex (base16) or base64 (plain or URL-safe, as warcio accepts); an algorithm name as
 * {@code sha1}, {@code SHA-1}, {@code sha256} … Never throws for a bad header: it is {@link Verdict#UNSUPPORTED}.
 */
public final class RecordDigests {
    /** captures.digest_check: every digest the record carries matches its bytes. */
    public static final String VERIFIED = "verified";
    /** The block digest does not match (whatever the payload digest says: the payload is part of the block). */
    public static final String BLOCK_MISMATCH = "block-mismatch";
    /** The block digest matches or is absent, the payload digest does not. */
    public static final String PAYLOAD_MISMATCH = "payload-mismatch";
    /** The record carries no digest. */
    public static final String NONE = "none";
    /** A digest the record carries cannot be checked here (an unknown algorithm or an unreadable value), none mismatches. */
    public static final String UNSUPPORTED = "unsupported";

    private RecordDigests() {}

    /** The outcome for one digest header. */
    public enum Verdict {
        /** The record has no such header (or, for a payload, none that applies to what was read). */
        ABSENT,
        MATCH,
        MISMATCH,
        /** Unknown algorithm, unreadable value, or bytes not in hand (a payload beyond the parse cap). */
        UNSUPPORTED
    }

    /** Both verdicts of a record, with what the mismatching ones said and gave (for notes and warnings). */
    public record Check(Verdict block, Verdict payload, String detail) {
        public static final Check NOT_READ = new Check(Verdict.UNSUPPORTED, Verdict.UNSUPPORTED, null);

        /** The captures.digest_check value. */
        public String status() {
            if (block == Verdict.MISMATCH) return BLOCK_MISMATCH;
            if (payload == Verdict.MISMATCH) return PAYLOAD_MISMATCH;
            if (block == Verdict.UNSUPPORTED || payload == Verdict.UNSUPPORTED) return UNSUPPORTED;
            if (block == Verdict.ABSENT && payload == Verdict.ABSENT) return NONE;
            return VERIFIED;
        }

        public boolean mismatch() {
            return block == Verdict.MISMATCH || payload == Verdict.MISMATCH;
        }
    }

    /** True for a digest_check value that says the stored bytes are not those digested. */
    public static boolean isMismatch(String status) {
        return BLOCK_MISMATCH.equals(status) || PAYLOAD_MISMATCH.equals(status);
    }

    /** A digest header as algorithm and bytes, or null when it cannot be read. */
    record Expected(String algorithm, byte[] bytes) {}

    /** The digester for a header's algorithm ({@code sha1}, {@code SHA-1}, {@code sha256} …), or null if unknown or unreadable. */
    public static MessageDigest digester(String header) {
        if (header == null) return null;
        int colon = header.indexOf(':');
        if (colon <= 0) return null;
        try {
            return WarcDigest.getDigester(header.substring(0, colon).strip());
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The verdict for a header against a computed digest. {@code computed} is null when nothing was computed (the
     * algorithm is unknown, or the bytes were not in hand): then the header is UNSUPPORTED.
     */
    public static Verdict verdict(String header, MessageDigest computed) {
        if (header == null) return Verdict.ABSENT;
        if (computed == null) return Verdict.UNSUPPORTED;
        return verdict(header, computed.digest());
    }

    /** As {@link #verdict(String, MessageDigest)} with the computed digest's bytes. */
    public static Verdict verdict(String header, byte[] computed) {
        if (header == null) return Verdict.ABSENT;
        if (computed == null) return Verdict.UNSUPPORTED;
        byte[] expected = decode(header, computed.length);
        if (expected == null) return Verdict.UNSUPPORTED;
        return MessageDigest.isEqual(expected, computed) ? Verdict.MATCH : Verdict.MISMATCH;
    }

    /** The digest of {@code bytes[0, length)} in the header's algorithm, or null when the algorithm is unknown. */
    public static byte[] digest(String header, byte[] bytes, int offset, int length) {
        MessageDigest md = digester(header);
        if (md == null) return null;
        md.update(bytes, offset, length);
        return md.digest();
    }

    /** The bytes of the HTTP body as transferred (chunked), or null when they cannot be had. */
    @FunctionalInterface
    public interface Transferred {
        byte[] bytes() throws java.io.IOException;
    }

    /**
     * The verdict for a {@code WARC-Payload-Digest} over an HTTP body read whole. Tools disagree on what the payload of
     * a chunked response is: jwarc (and its validate) digest the body with the chunked transfer-encoding removed, which
     * is how {@code body} comes from jwarc; wget, warcio and Heritrix digest it as transferred, chunk sizes included.
     * Either form matching is a match; the transferred form is asked for ({@code transferred}, may be null) only when
     * the first does not match, so a body that matches costs one digest.
     */
    public static Verdict payload(String header, byte[] body, int length, Transferred transferred) {
        if (header == null) return Verdict.ABSENT;
        byte[] got = digest(header, body, 0, length);
        Verdict v = verdict(header, got);
        if (v != Verdict.MISMATCH || transferred == null) return v;
        try {
            byte[] raw = transferred.bytes();
            if (raw != null && verdict(header, digest(header, raw, 0, raw.length)) == Verdict.MATCH) return Verdict.MATCH;
        } catch (java.io.IOException | RuntimeException e) {
            // the transferred form cannot be read again: the decoded form's verdict stands
        }
        return v;
    }

    /** The computed digest as WARC tools write it ({@code sha1:BASE32}), for a note. */
    public static String format(String header, byte[] computed) {
        int colon = header.indexOf(':');
        String algorithm = colon > 0 ? header.substring(0, colon).strip() : "?";
        try {
            return new WarcDigest(algorithm, computed).toString();
        } catch (RuntimeException e) {
            return algorithm + ":" + java.util.HexFormat.of().formatHex(computed);
        }
    }

    /**
     * The value of a digest header as bytes, {@code length} long, decoded by jwarc (hex, base32 or base64 told apart by
     * their length; URL-safe base64 as warcio accepts it is read as plain base64); null when it is none of them.
     */
    static byte[] decode(String header, int length) {
        int colon = header.indexOf(':');
        if (colon <= 0) return null;
        String algorithm = header.substring(0, colon).strip();
        String value = header.substring(colon + 1).strip().replace('-', '+').replace('_', '/');
        try {
            byte[] b = new WarcDigest(algorithm + ":" + value).bytes();
            return b.length == length ? b : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
