package io.lastlight.simulate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults are laid out exactly per block of 100 requests, so a fault test can rely on every kind firing. */
class FaultSpecTest {
    static final String SUITE = "5xx=0.1,reset=0.02,truncate=0.01,slow=0.03";

    static Map<FaultSpec.Kind, Integer> counts(FaultSpec f, long seed, long from, long to) {
        Map<FaultSpec.Kind, Integer> m = new EnumMap<>(FaultSpec.Kind.class);
        for (long seq = from; seq < to; seq++) {
            FaultSpec.Kind k = f.kindAt(seed, seq);
            if (k != null) m.merge(k, 1, Integer::sum);
        }
        return m;
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"21", "1", "7", "123456789"})
    void everyBlockOfAHundredRequestsFailsExactlyEachKindsShare(long seed) {
        FaultSpec f = FaultSpec.parse(SUITE);
        for (long block = 0; block < 30; block++) {
            Map<FaultSpec.Kind, Integer> m = counts(f, seed, block * 100, block * 100 + 100);
            assertEquals(Map.of(FaultSpec.Kind.SERVER_ERROR, 10, FaultSpec.Kind.RESET, 2,
                    FaultSpec.Kind.TRUNCATE, 1, FaultSpec.Kind.SLOW, 3), m, "block " + block);
        }
    }

    @Test
    void aStormIsItsShareOfEachBlockInARowWithTheOtherKindsStillExact() {
        FaultSpec f = FaultSpec.parse(SUITE + ",storm=0.05");
        for (long block = 0; block < 30; block++) {
            for (int i = 0; i < 5; i++) assertEquals(FaultSpec.Kind.STORM, f.kindAt(21, block * 100 + i), "block " + block + " #" + i);
            assertNotEquals(FaultSpec.Kind.STORM, f.kindAt(21, block * 100 + 5));
            Map<FaultSpec.Kind, Integer> m = counts(f, 21, block * 100, block * 100 + 100);
            assertEquals(Map.of(FaultSpec.Kind.STORM, 5, FaultSpec.Kind.SERVER_ERROR, 10, FaultSpec.Kind.RESET, 2,
                    FaultSpec.Kind.TRUNCATE, 1, FaultSpec.Kind.SLOW, 3), m, "block " + block);
        }
    }

    @Test
    void sharesBelowOnePercentAreCarriedOverBlocksAndFireInTheFirstBlock() {
        FaultSpec f = FaultSpec.parse("truncate=0.005,challenge=0.0025");
        assertEquals(1, counts(f, 21, 0, 100).get(FaultSpec.Kind.TRUNCATE), "0.5% fires in the first hundred requests");
        Map<FaultSpec.Kind, Integer> m = counts(f, 21, 0, 4000);
        assertEquals(20, m.get(FaultSpec.Kind.TRUNCATE));
        assertEquals(10, m.get(FaultSpec.Kind.CHALLENGE));
    }

    @Test
    void positionsAreSeededAndDeterministic() {
        FaultSpec f = FaultSpec.parse(SUITE);
        List<FaultSpec.Kind> a = new ArrayList<>(), again = new ArrayList<>(), other = new ArrayList<>();
        for (long seq = 0; seq < 500; seq++) {
            a.add(f.kindAt(21, seq));
            again.add(f.kindAt(21, seq));
            other.add(f.kindAt(22, seq));
        }
        assertEquals(a, again);
        assertNotEquals(a, other, "another seed puts the faults elsewhere");
        // not bunched at the start of each block: the positions of the 5xx in block 0 spread over it
        int first = -1, last = -1;
        for (int i = 0; i < 100; i++) {
            if (a.get(i) == FaultSpec.Kind.SERVER_ERROR) {
                if (first < 0) first = i;
                last = i;
            }
        }
        assertTrue(last - first > 30, "5xx at " + first + ".." + last);
    }

    @Test
    void allOrNothing() {
        FaultSpec all = FaultSpec.parse("reset=1");
        for (long seq = 0; seq < 300; seq++) assertEquals(FaultSpec.Kind.RESET, all.kindAt(3, seq));
        for (long seq = 0; seq < 300; seq++) assertNull(FaultSpec.NONE.kindAt(3, seq));
        FaultSpec full = FaultSpec.parse("5xx=0.5,slow=0.5");
        Map<FaultSpec.Kind, Integer> m = counts(full, 3, 0, 200);
        assertEquals(100, m.get(FaultSpec.Kind.SERVER_ERROR));
        assertEquals(100, m.get(FaultSpec.Kind.SLOW));
        assertThrows(IllegalArgumentException.class, () -> all.kindAt(3, -1));
    }
}
