package io.lastlight.simulate;

import io.lastlight.simulate.parler.Display;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisplayTest {
    @Test
    void countsAreRoundedDownDisplayStrings() {
        assertEquals("0", Display.count(0));
        assertEquals("88", Display.count(88));
        assertEquals("999", Display.count(999));
        assertEquals("1k", Display.count(1000));
        assertEquals("1k", Display.count(1099));
        assertEquals("1.1k", Display.count(1100));
        assertEquals("3.2k", Display.count(3290));
        assertEquals("3k", Display.count(3020));
        assertEquals("9.9k", Display.count(9999));
        assertEquals("10k", Display.count(10_000));
        assertEquals("39k", Display.count(39_999));
        assertEquals("999k", Display.count(999_999));
        assertEquals("1m", Display.count(1_000_000));
        assertEquals("3.2m", Display.count(3_290_000));
        assertEquals("3m", Display.count(3_099_999));
        assertEquals("9.9m", Display.count(9_999_999));
        assertEquals("10m", Display.count(10_000_000));
        assertEquals("12m", Display.count(12_900_000));
    }

    @Test
    void timestampsAndKeys() {
        Instant t = Instant.parse("2020-10-23T18:04:50.105Z");
        assertEquals("20201023180450", Display.timestamp(t));
        assertEquals("2020-10-23T18:04:50.105Z_159130735", Display.key(t, 159130735));
        assertEquals(159130735, Display.keyNumber("2020-10-23T18:04:50.105Z_159130735"));
        assertEquals(-1, Display.keyNumber("garbage_x"));
    }
}
