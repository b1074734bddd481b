package io.lastlight.crawl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParentUrlsTest {
    @Test
    void remembersTheMostRecentItemsAndForgetsTheOldestFirst() {
        ParentUrls p = new ParentUrls(3);
        p.remember(1, "http://h/1");
        p.remember(2, "http://h/2");
        p.remember(3, "http://h/3");
        p.remember(2, "http://h/2"); // fetched again (a retry): not a new entry, and it does not push 1 out
        assertEquals("http://h/1", p.get(1));
        p.remember(4, "http://h/4");
        assertNull(p.get(1), "the oldest is forgotten past the capacity");
        assertEquals("http://h/2", p.get(2));
        assertEquals("http://h/4", p.get(4));
        for (long id = 5; id < 100; id++) p.remember(id, "http://h/" + id);
        assertNull(p.get(96));
        assertEquals("http://h/97", p.get(97));
        assertEquals("http://h/99", p.get(99));
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ParentUrls(0));
    }
}
