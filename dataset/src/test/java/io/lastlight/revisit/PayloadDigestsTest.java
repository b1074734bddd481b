package io.lastlight.revisit;

import io.lastlight.derive.DuckDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The same payload digest as different tools spell it has one canonical form, in Java (a revisit's digest) and in
 * the lookup's SQL (every original's): algorithm names with and without a dash and in either case; base32 (upper and
 * lower case, padded or not), hex and base64 values. The digests are of the empty payload, checked with Python's
 * hashlib and base64; the sha256 pair is ArchiveWeb.page's, from py-wacz's example-iana.warc.
 */
class PayloadDigestsTest {
    static final String SHA1 = "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709";
    static final String SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String MD5 = "md5:d41d8cd98f00b204e9800998ecf8427e";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // sha1: base32 (what lastlight, Heritrix, wget and warcio write), other names, lower case, hex, base64
            "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ, " + SHA1,
            "SHA1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ, " + SHA1,
            "sha-1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ, " + SHA1,
            "SHA-1:3i42h3s6nnfq2msvx7xzkyaysCX5QBYJ, " + SHA1,
            "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709, " + SHA1,
            "SHA-1:DA39A3EE5E6B4B0D3255BFEF95601890AFD80709, " + SHA1,
            "sha1:2jmj7l5rSw0yVb/vlWAYkK/YBwk=, " + SHA1,
            "' sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ ', " + SHA1,
            // sha256: ArchiveWeb.page's revisits and responses, base32 with and without padding, base64
            "sha-256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, " + SHA256,
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, " + SHA256,
            "SHA-256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855, " + SHA256,
            "sha256:4OYMIQUY7QOBJGX36TEJS35ZEQT24QPEMSNZGTFESWMRW6CSXBKQ====, " + SHA256,
            "sha256:4oymiquy7qobjgx36tejs35zeqt24qpemsnzgtfeswmrw6csxbkq, " + SHA256,
            "sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=, " + SHA256,
            // md5
            "md5:d41d8cd98f00b204e9800998ecf8427e, " + MD5,
            "MD5:2QOYZWMPACZAJ2MABGMOZ6CCPY======, " + MD5, // padded, as long as hex
            "md5:2qoyzwmpaczaj2mabgmoz6ccpy, " + MD5,
            "md5:1B2M2Y8AsgTpgAmY7PhCfg==, " + MD5,
            // not decodable: the value as written, upper case (so equal to the same spelling ignoring case, and to
            // no well-formed digest)
            "sha1:abc, SHA1:ABC",
            "sha512:abc, SHA512:ABC",
            "blake3:abcd, BLAKE3:ABCD",
            "no-algorithm, NO-ALGORITHM",
            "sha1:not base32 at all!, SHA1:NOT BASE32 AT ALL!",
            "sha1:zz39a3ee5e6b4b0d3255bfef95601890afd80709, SHA1:ZZ39A3EE5E6B4B0D3255BFEF95601890AFD80709",
            "'sha1:', 'SHA1:'",
    })
    void everySpellingOfADigestHasOneCanonicalFormInJavaAndInSql(String written, String canonical) throws Exception {
        assertEquals(canonical, PayloadDigests.canonical(written));
        try (Connection db = DuckDb.inMemory()) {
            PayloadDigests.register(db);
            try (PreparedStatement ps = db.prepareStatement("SELECT " + PayloadDigests.sql("d") + " FROM (SELECT ?::VARCHAR AS d)")) {
                ps.setString(1, written);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(canonical, rs.getString(1), "the lookup's SQL");
                }
            }
        }
    }

    @Test
    void differentPayloadsOrAlgorithmsStayDifferentAndNullStaysNull() {
        assertNotEquals(PayloadDigests.canonical(SHA1), PayloadDigests.canonical("sha1:CH3K3DWFFIUYJK5K7V6DWULFAN4FYIDS"));
        assertNotEquals(PayloadDigests.canonical(SHA1), PayloadDigests.canonical("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYK"));
        // the same hex value under another algorithm of the same length is another digest
        assertNotEquals(PayloadDigests.canonical("sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709"),
                PayloadDigests.canonical("ripemd160:da39a3ee5e6b4b0d3255bfef95601890afd80709"));
        // a malformed digest never equals a well-formed one
        assertNotEquals(PayloadDigests.canonical(SHA1), PayloadDigests.canonical("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBY"));
        assertNotEquals(PayloadDigests.canonical(SHA1), PayloadDigests.canonical("sha1:Za39a3ee5e6b4b0d3255bfef95601890afd80709"));
        assertNull(PayloadDigests.canonical(null));
    }
}
