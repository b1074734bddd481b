package io.lastlight.crawl;

import io.lastlight.platform.CrawlRequest;
import io.lastlight.platform.IdSpace;
import io.lastlight.platform.parler.ParlerPlatform;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdSamplingTest {
    private static final URI BASE = URI.create("http://127.0.0.1:9/");

    @Test
    void drawsDistinctNumbersInsideTheRangeDeterministically() {
        IdSpace.Range r = IdSpace.Range.parse("1000-1999");
        long[] a = IdSpace.sample(r, 300, 42);
        assertEquals(300, a.length);
        assertEquals(300, Arrays.stream(a).distinct().count());
        assertTrue(Arrays.stream(a).allMatch(v -> v >= 1000 && v <= 1999));
        assertArrayEquals(a, IdSpace.sample(r, 300, 42));
        assertFalse(Arrays.equals(a, IdSpace.sample(r, 300, 43)));
        // the whole range when n = size
        long[] all = IdSpace.sample(new IdSpace.Range(5, 14), 10, 1);
        assertArrayEquals(new long[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, all);
    }

    @Test
    void theSampleIsUniformOverTheRange() {
        // 20,000 draws of 10 from 1..100: every number is drawn with probability 1/10.
        int[] hits = new int[101];
        for (int s = 0; s < 20_000; s++) for (long v : IdSpace.sample(new IdSpace.Range(1, 100), 10, s)) hits[(int) v]++;
        for (int v = 1; v <= 100; v++) assertTrue(Math.abs(hits[v] - 2000) < 200, v + ": " + hits[v]);
    }

    @Test
    void probesAreUuidConversionRequestsOfKindIdProbeWithUniqueKeys() {
        List<CrawlRequest> reqs = IdSampling.requests(new ParlerPlatform(), BASE, "user", new IdSpace.Range(1, 50), 20, 7);
        Set<String> keys = new HashSet<>();
        for (CrawlRequest r : reqs) {
            assertEquals("id-probe", r.kind());
            assertTrue(r.uri().toString().matches("http://127\\.0\\.0\\.1:9/v3/uuidConversion/user/\\d+"), r.uri().toString());
            assertEquals("id-probe", new ParlerPlatform().kindOf(r.uri()));
            keys.add(r.key());
        }
        assertEquals(20, keys.size());
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertNull(IdSpace.Range.parse("5-1"));
        assertNull(IdSpace.Range.parse("a-b"));
        assertNull(IdSpace.Range.parse("12"));
        IdSampling.Options o = new IdSampling.Options();
        assertTrue(o.requests(new ParlerPlatform(), BASE).isEmpty());
        o.sampleIds = 10;
        o.sampleKind = "user";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.requests(new ParlerPlatform(), BASE)).getMessage().contains("go together"));
        o.idRange = "1-5";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.requests(new ParlerPlatform(), BASE)).getMessage().contains("range size 5"));
        o.idRange = "x";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.requests(new ParlerPlatform(), BASE)).getMessage().contains("--id-range must be A-B"));
        o.idRange = "1-100";
        o.sampleKind = "group";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.requests(new ParlerPlatform(), BASE)).getMessage().contains("user or post"));
        o.sampleKind = "post";
        assertEquals(10, o.requests(new ParlerPlatform(), BASE).size());
    }
}
