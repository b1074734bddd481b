package io.lastlight.extract;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordFactsTest {
    @Test
    void aTargetRepeatedByTheNextRecordIsParsedOnce() {
        RecordFacts.Targets targets = new RecordFacts.Targets();
        List<String> notes = new ArrayList<>();
        URI first = targets.uri("https://parler.com/profile/alice", notes);
        assertSame(first, targets.uri("https://parler.com/profile/alice", notes));
        URI other = targets.uri("https://parler.com/profile/bob", notes);
        assertEquals(URI.create("https://parler.com/profile/bob"), other);
        assertNotSame(first, targets.uri("https://parler.com/profile/alice", notes));
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void aTargetThatNeededEncodingGetsItsNoteEveryTime() {
        RecordFacts.Targets targets = new RecordFacts.Targets();
        for (int i = 0; i < 2; i++) {
            List<String> notes = new ArrayList<>();
            URI u = targets.uri("https://example.com/a b|c", notes);
            assertEquals("/a%20b%7Cc", u.getRawPath());
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).startsWith("WARC-Target-URI is not a valid URI"), notes.get(0));
        }
        List<String> notes = new ArrayList<>();
        assertNull(targets.uri("http://[bad", notes));
        assertNull(targets.uri("http://[bad", notes));
        assertEquals(2, notes.size(), notes.toString());
        assertEquals(targets.uri("https://example.com/", new ArrayList<>()), RecordFacts.uri("https://example.com/", new ArrayList<>()));
    }
}
