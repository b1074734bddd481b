package io.lastlight.extract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON body as UTF-8, the one encoding the adapters' JSON parsers are given. RFC 8259 says JSON on the wire is
 * UTF-8, but servers and archivers send ISO-8859-1, windows-1252, UTF-16 … and say so (or not) in the Content-Type.
 * In order: a byte-order mark (UTF-8, UTF-16 or UTF-32) decides; else NUL bytes around the first character (UTF-16
 * or UTF-32 without one); else, when the Content-Type declares another charset, a body that is valid UTF-8 is used as it is
 * (a server that declares latin-1 and sends UTF-8 lies the commoner way); else the charset the Content-Type declares,
 * if Java knows it; else the bytes as they are (the parser then reports them). A body that was re-encoded gets a note.
 */
final class JsonCharset {
    private static final Pattern CHARSET = Pattern.compile("(?i)(?:^|;)\\s*charset\\s*=\\s*[\"']?([^\\s;\"']+)");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE"), UTF_32LE = Charset.forName("UTF-32LE");

    private JsonCharset() {}

    /** Whether {@code contentType} names JSON ({@code application/json}, {@code text/json}, {@code …+json}). */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return t.equals("application/json") || t.equals("text/json") || t.equals("application/x-json") || t.endsWith("+json");
    }

    /** {@code body} as UTF-8 JSON text (the same array when it already is); what was done goes to {@code notes}. */
    static byte[] toUtf8(byte[] body, String contentType, List<String> notes) {
        if (!isJson(contentType) || body.length == 0) return body;
        Charset declared = declared(contentType);
        int[] bom = new int[1];
        Charset byBom = byBom(body, bom);
        Charset byNuls = byBom == null ? byNuls(body) : null;
        Charset from;
        int skip = 0;
        String why;
        if (byBom != null) {
            if (byBom.equals(StandardCharsets.UTF_8)) return body; // the parsers skip a UTF-8 byte-order mark
            from = byBom;
            skip = bom[0];
            why = "its byte-order mark";
        } else if (byNuls != null) {
            from = byNuls;
            why = "its first bytes: JSON text starts with an ASCII character";
            if (declared != null && !sameFamily(declared, byNuls)) {
                // a server that declares utf-8 (or latin-1) and sends UTF-16 or UTF-32: the bytes say what they are
                notes.add("JSON body declared charset " + declared.name() + " but it is " + byNuls.name()
                        + " (NUL bytes in its first four): the declared charset is wrong");
            }
        } else if (declared == null || declared.equals(StandardCharsets.UTF_8)) {
            return body; // the usual case: nothing to check (the parser reports bytes that are not UTF-8)
        } else if (validUtf8(body)) {
            if (!ascii(body)) notes.add("JSON body declared " + declared.name() + " but valid UTF-8: read as UTF-8");
            return body;
        } else {
            from = declared;
            why = "its Content-Type's charset";
        }
        notes.add("JSON body in " + from.name() + " (" + why + "), read as UTF-8");
        return new String(body, skip, body.length - skip, from).getBytes(StandardCharsets.UTF_8);
    }

    /** The charset the Content-Type names, if Java knows it; else null. */
    static Charset declared(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (!m.find()) return null;
        try {
            return Charset.isSupported(m.group(1)) ? Charset.forName(m.group(1)) : null;
        } catch (IllegalCharsetNameException e) {
            return null;
        }
    }

    /** The charset a byte-order mark at the start names, its length in {@code len[0]}; null when there is none. */
    private static Charset byBom(byte[] b, int[] len) {
        int b0 = b.length > 0 ? b[0] & 0xff : -1, b1 = b.length > 1 ? b[1] & 0xff : -1;
        int b2 = b.length > 2 ? b[2] & 0xff : -1, b3 = b.length > 3 ? b[3] & 0xff : -1;
        if (b0 == 0x00 && b1 == 0x00 && b2 == 0xfe && b3 == 0xff) return bom(len, 4, UTF_32BE);
        if (b0 == 0xff && b1 == 0xfe && b2 == 0x00 && b3 == 0x00) return bom(len, 4, UTF_32LE);
        if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) return bom(len, 3, StandardCharsets.UTF_8);
        if (b0 == 0xfe && b1 == 0xff) return bom(len, 2, StandardCharsets.UTF_16BE);
        if (b0 == 0xff && b1 == 0xfe) return bom(len, 2, StandardCharsets.UTF_16LE);
        return null;
    }

    /**
     * UTF-16 or UTF-32 without a byte-order mark, by where the NUL bytes of the first (ASCII) character are (RFC 4627
     * section 3); null for any other body.
     */
    private static Charset byNuls(byte[] b) {
        if (b.length < 4) return null;
        boolean z0 = b[0] == 0, z1 = b[1] == 0, z2 = b[2] == 0, z3 = b[3] == 0;
        if (z0 && z1 && z2 && !z3) return UTF_32BE;
        if (!z0 && z1 && z2 && z3) return UTF_32LE;
        if (z0 && !z1) return StandardCharsets.UTF_16BE;
        if (!z0 && z1) return StandardCharsets.UTF_16LE;
        return null;
    }

    /** Whether a declared charset names the detected one or its family ({@code UTF-16} for UTF-16LE, …). */
    private static boolean sameFamily(Charset declared, Charset detected) {
        String d = declared.name().toUpperCase(Locale.ROOT), t = detected.name().toUpperCase(Locale.ROOT);
        return t.startsWith(d) || d.startsWith(t);
    }

    private static Charset bom(int[] len, int n, Charset cs) {
        len[0] = n;
        return cs;
    }

    private static boolean validUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean ascii(byte[] body) {
        for (byte b : body) if (b < 0) return false;
        return true;
    }
}
