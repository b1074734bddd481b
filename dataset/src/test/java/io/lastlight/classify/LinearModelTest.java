package io.lastlight.classify;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model file: round trip, version from the bytes, clear errors for damaged files. */
class LinearModelTest {
    private static LinearModel small(float w0) {
        float[] w = new float[TextFeatures.NCUE + (1 << 10)];
        for (int i = 0; i < w.length; i++) w[i] = (i % 7) * 0.01f;
        w[0] = w0;
        return new LinearModel(10, w, 1.2, -0.3, 0.2, 0.001, "rules-test");
    }

    @Test
    void roundTripKeepsEveryByte() throws IOException {
        LinearModel m = small(-2f);
        byte[] bytes = m.toBytes();
        LinearModel back = LinearModel.read(new ByteArrayInputStream(bytes), "test");
        assertArrayEquals(bytes, back.toBytes());
        assertEquals(m.version(), back.version());
        assertTrue(m.version().matches("lr-1\\+[0-9a-f]{12}"), m.version());
        assertEquals(0.2, back.threshold());
        assertEquals(0.001, back.ungatedProbability());
        assertEquals("rules-test", back.rulesVersion());
    }

    @Test
    void versionNamesTheWeights() {
        assertNotEquals(small(-2f).version(), small(-1f).version());
        assertEquals(small(-2f).version(), small(-2f).version());
    }

    @Test
    void calibratedProbability() {
        LinearModel m = small(0f);
        assertEquals(1 / (1 + Math.exp(-(1.2 * 1.0 - 0.3))), m.probability(1.0), 1e-12);
    }

    @Test
    void damagedFilesAreRefusedWithAClearMessage() {
        byte[] bytes = small(0f).toBytes();
        IOException e = assertThrows(IOException.class, () -> LinearModel.read(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 10)), "m.bin"));
        assertTrue(e.getMessage().contains("m.bin is truncated"), e.getMessage());
        byte[] bad = bytes.clone();
        bad[0] = 'X';
        e = assertThrows(IOException.class, () -> LinearModel.read(new ByteArrayInputStream(bad), "m.bin"));
        assertTrue(e.getMessage().contains("not a lastlight model"), e.getMessage());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        e = assertThrows(IOException.class, () -> LinearModel.read(new ByteArrayInputStream(longer), "m.bin"));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }
}
