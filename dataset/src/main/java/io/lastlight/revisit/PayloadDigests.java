package io.lastlight.revisit;

import org.duckdb.DuckDBFunctions;
import org.netpreserve.jwarc.WarcDigest;

import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One spelling for each {@code WARC-Payload-Digest}, so that a revisit finds its original however the two records
 * write the same digest. Tools differ in the algorithm's name ({@code sha1}, {@code SHA-1}, {@code sha-256},
 * {@code sha256}) and in the encoding of the value (base32 as most WARC tools write sha1, hex as ArchiveWeb.page and
 * warcio may write sha256, base64), and base32 is upper case by convention only: ArchiveWeb.page's revisits say
 * {@code sha-256:<hex>} where its responses say {@code sha256:<hex>}. jwarc's {@link WarcDigest} parses all of these;
 * two digests are the same when their algorithm and decoded bytes are. The stored {@code payload_digest} column keeps
 * the value as written; only the comparison uses this form.
 */
public final class PayloadDigests {
    /** The SQL function {@link #register} adds: {@value}(payload_digest) is {@link #canonical}. */
    static final String FUNCTION = "lastlight_payload_digest";

    private PayloadDigests() {}

    /**
     * {@code algorithm:hex} (jwarc's name for the algorithm, e.g. {@code sha1}, {@code sha256}; the decoded bytes in lower
     * case hex) when jwarc decodes the value to as many bytes as the algorithm gives; otherwise (an unknown algorithm, a
     * value of the wrong length or with bad characters) the whole value upper-cased, so such digests still match the
     * same spelling ignoring case, as before, and never a well-formed one. Null for null. Never throws.
     */
    public static String canonical(String written) {
        if (written == null) return null;
        String v = written.strip();
        try {
            // Padding removed first: jwarc tells the encodings apart by length, and a padded base32 md5 (32 characters)
            // is as long as a hex one. Unpadded base32 and base64 are decoded the same.
            String unpadded = unpadded(v);
            WarcDigest d = new WarcDigest(unpadded);
            String algorithm = d.algorithm().toLowerCase(Locale.ROOT);
            byte[] bytes = d.bytes();
            if (bytes.length > 0 && bytes.length == WarcDigest.getDigester(algorithm).getDigestLength()
                    && spells(unpadded.substring(unpadded.indexOf(':') + 1), bytes, algorithm)) {
                return algorithm + ":" + HexFormat.of().formatHex(bytes);
            }
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            // not decodable: compared as written
        }
        return v.toUpperCase(Locale.ROOT);
    }

    /**
     * Whether {@code value} is {@code bytes} in hex, base64 or base32 (unpadded): jwarc's hex decoding takes any
     * character, so a value it decoded is only taken if it is what the bytes encode to.
     */
    private static boolean spells(String value, byte[] bytes, String algorithm) {
        String hex = HexFormat.of().formatHex(bytes);
        return value.equalsIgnoreCase(hex)
                || value.equals(Base64.getEncoder().withoutPadding().encodeToString(bytes))
                || value.equalsIgnoreCase(unpadded(new WarcDigest(algorithm + ":" + hex).base32()));
    }

    private static String unpadded(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') end--;
        return s.substring(0, end);
    }

    /**
     * Makes {@link #FUNCTION} callable in SQL on {@code db}'s database (registering it again replaces it).
     */
    static void register(Connection db) throws SQLException {
        DuckDBFunctions.scalarFunction().withName(FUNCTION).withParameter(String.class).withReturnType(String.class)
                .withFunction((String s) -> canonical(s)).withNullInNullOut().register(db);
    }

    /** SQL for the canonical form of {@code column} (after {@link #register}). */
    static String sql(String column) {
        return FUNCTION + "(" + column + ")";
    }
}
