package io.lastlight.extract;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarcDatesTest {
    @Test
    void fastPathGivesWhatInstantParseGives() {
        List<String> inputs = new ArrayList<>(List.of("2021-01-09T00:00:00Z", "2021-01-09T00:00:00.1Z",
                "2021-01-09T00:00:00.123Z", "2021-01-09T23:59:59.123456789Z", "2020-02-29T12:00:00Z", "2021-02-29T12:00:00Z",
                "2021-13-01T00:00:00Z", "2021-00-01T00:00:00Z", "2021-04-31T00:00:00Z", "2021-01-09T24:00:00Z",
                "2016-12-31T23:59:60Z", "2021-01-09T00:60:00Z", "2021-01-09T00:00:00.Z", "2021-01-09T00:00:00.1234567890Z",
                "2021-01-09t00:00:00z", "2021-01-09T00:00:00+00:00", "2021-01-09 00:00:00Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "2021-1-09T00:00:00Z", "", "garbage"));
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String frac = rnd.nextInt(3) == 0 ? "" : "." + String.format("%09d", rnd.nextInt(1_000_000_000)).substring(0, 1 + rnd.nextInt(9));
            inputs.add(String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", rnd.nextInt(3000), rnd.nextInt(14), rnd.nextInt(33),
                    rnd.nextInt(26), rnd.nextInt(62), rnd.nextInt(62), frac));
        }
        for (String s : inputs) {
            Instant expected;
            try {
                expected = Instant.parse(s);
            } catch (DateTimeParseException e) {
                assertNull(WarcDates.parse(s), s);   // the fast path declines; jwarc's own parse then throws as before
                continue;
            }
            Instant fast = WarcDates.parse(s);
            if (fast != null) assertEquals(expected, fast, s);
        }
        assertEquals(Instant.parse("2021-01-09T00:00:00Z"), WarcDates.parse("2021-01-09T00:00:00Z"));
    }

    @Test
    void aLeapSecondIsReadAsTheLastMicrosecondBeforeItWithANote() {
        // Instant.parse reads 23:59:60 as 23:59:59, a second before captures stamped just before the leap second
        String[][] cases = {
                {"2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999Z"},
                {"2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.999999Z"},
                {"2015-07-01T01:59:60+02:00", "2015-06-30T23:59:59.999999Z"},
                {"20161231235960", "2016-12-31T23:59:59.999999Z"}};
        for (String[] c : cases) {
            WarcDates.Dated d = WarcDates.lenient(c[0]);
            assertNotNull(d, c[0]);
            assertEquals(Instant.parse(c[1]), d.instant(), c[0]);
            assertTrue(d.note() != null && d.note().contains("leap second (read as :59.999999") && d.note().endsWith(c[0]), d.note());
        }
        assertTrue(WarcDates.lenient("2016-12-31T23:59:59.999999Z").instant().isBefore(Instant.parse("2017-01-01T00:00:00Z")));
        assertNull(WarcDates.lenient("2016-12-31T23:59:61Z"), "61 is no second at all");
    }
}
