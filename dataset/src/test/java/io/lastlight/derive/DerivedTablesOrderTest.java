package io.lastlight.derive;

import io.lastlight.schema.DatasetSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Derived tables are written side by side; one that reads another waits for it. */
class DerivedTablesOrderTest {
    @Test
    void tablesThatReadOtherDerivedTablesAreKnown() {
        DerivedTables d = new DerivedTables(DatasetSchema.bundled());
        List<String> all = d.tables();
        assertEquals(List.of("posts"), DerivedTables.reads("media", all));
        assertEquals(List.of("profiles"), DerivedTables.reads("daily_signups", all));
        assertEquals(List.of(), DerivedTables.reads("profiles", all));
        assertEquals(List.of(), DerivedTables.reads("posts", all));
        assertEquals(List.of(), DerivedTables.reads("deletions", all));
        for (String t : all) {
            for (String dep : DerivedTables.reads(t, all)) {
                // schema order lists inputs first, which the FIFO scheduling relies on
                assertTrue(all.indexOf(dep) < all.indexOf(t), t + " reads " + dep);
            }
        }
    }
}
