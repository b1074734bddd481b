package io.lastlight.platform.parler;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Parler's {@code YYYYMMDDhhmmss} times: the fast path gives exactly what the formatter gives. */
class ParlerTimeTest {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private static Instant formatter(String s) {
        if (s == null || s.length() != 14) return null;
        try {
            return LocalDateTime.parse(s, FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void agreesWithTheFormatterOnEdgeCases() {
        List<String> cases = List.of("20210109000000", "20200229235959", "20210229120000", "20210230000000",
                "20210431000000", "20211301000000", "20210001000000", "20210100000000", "20210101240000",
                "20210101236000", "20210101235960", "00000101000000", "00010101000000", "99991231235959",
                "2021010100000x", "+2021010100000", "-2021010100000", "2021-01-01T00:", "202101090000000",
                "2021010900000", "", " 20210109000000".trim(), "２０２１０１０９０００００", "20201231235959");
        for (String s : cases) assertEquals(formatter(s), ParlerJson.time(s), s);
        assertEquals(Instant.parse("2020-02-29T23:59:59Z"), ParlerJson.time("20200229235959"));
        assertNull(ParlerJson.time("20211301000000"));
        assertNull(ParlerJson.time(null));
    }

    @Test
    void agreesWithTheFormatterOnRandomDigitStrings() {
        Random r = new Random(42);
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            cases.add(String.format(Locale.ROOT, "%04d%02d%02d%02d%02d%02d", 1900 + r.nextInt(200), r.nextInt(14),
                    r.nextInt(33), r.nextInt(26), r.nextInt(62), r.nextInt(62)));
        }
        for (String s : cases) assertEquals(formatter(s), ParlerJson.time(s), s);
    }
}
