package io.lastlight.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountsTest {
    @ParameterizedTest(name = "{0} -> {1} [{2}, {3}]")
    @CsvSource({
            "88, 88, 88, 88",
            "0, 0, 0, 0",
            "3.2k, 3200, 3150, 3299",
            "3k, 3000, 2500, 3999",
            "39k, 39000, 38500, 39999",
            "3.2m, 3200000, 3150000, 3299999",
            "12m, 12000000, 11500000, 12999999",
            "1.25m, 1250000, 1245000, 1259999",
            "'1,234', 1234, 1234, 1234",
    })
    void displayStringsImplyIntervals(String display, long value, long low, long high) {
        Counts c = Counts.parse(display);
        assertEquals(value, c.value());
        assertEquals(low, c.low());
        assertEquals(high, c.high());
        assertEquals(display, c.display());
    }

    @ParameterizedTest
    @CsvSource({"3200, 3.2k", "3290, 3.2k", "3249, 3.2k", "39999, 39k", "3299999, 3.2m", "3150000, 3.2m"})
    void intervalContainsEveryValueThatTruncatesOrRoundsToTheDisplay(long truth, String display) {
        Counts c = Counts.parse(display);
        assertTrue(c.low() <= truth && truth <= c.high(), truth + " not in [" + c.low() + ", " + c.high() + "]");
    }

    @ParameterizedTest
    @CsvSource({"abc", "-5", "1.5", "''", "k", "1e3", "1e400k", "+5", "99999999999999999999", "3.2.1k",
            "9999999999999999m", "1.00000000000000000000000000000000000000000000000000000000000000001k", "1.5555k",
            "NaN", "Infinitym"})
    void garbageIsNotACount(String s) {
        // including what would overflow a long or throw from BigDecimal: a hostile page's count is null, not an exception
        assertNull(Counts.parse(s));
    }

    @org.junit.jupiter.api.Test
    void exactCountsHaveLowEqualHigh() {
        assertTrue(Counts.parse("88").isExact());
        assertTrue(!Counts.parse("39k").isExact());
    }

    /** The long-arithmetic fast path gives exactly the BigDecimal parser's answer, over a broad generated set. */
    @org.junit.jupiter.api.Test
    void fastPathAgreesWithTheExactParser() {
        java.util.Random rnd = new java.util.Random(42);
        String[] suffixes = {"", "k", "m", "b", "K", "M", "B", "x", " "};
        java.util.List<String> inputs = new java.util.ArrayList<>(java.util.List.of("0", "00", "007", "12.0", "0.0",
                "999999999", "1000000000", "999999999.999999999b", "999999999.999999999m", "4611686018427387903",
                "4611686018427387904", "1.5000k", "1.5555k", "3.20k", "3.k", ".5k", "k", "", "1..2k", "1.2.3"));
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int digits = rnd.nextInt(12);
            for (int d = 0; d < digits; d++) b.append((char) ('0' + rnd.nextInt(10)));
            if (rnd.nextInt(3) == 0) {
                b.append('.');
                int dec = rnd.nextInt(11);
                for (int d = 0; d < dec; d++) b.append((char) ('0' + (rnd.nextBoolean() ? 0 : rnd.nextInt(10))));
            }
            b.append(suffixes[rnd.nextInt(suffixes.length)]);
            inputs.add(b.toString());
        }
        for (String s : inputs) {
            assertEquals(Counts.parseExact(s), Counts.parse(s), "display '" + s + "'");
        }
    }
}
