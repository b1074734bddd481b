package io.lastlight.spark;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dataset folder through Hadoop: any legal file name is written, replaced, listed and read back under itself. */
class StoreTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"crawl-2021-01-10T12:00:00.warc.gz", "a b.warc.gz", "100%.warc.gz", "x#1?.warc.gz", "ç:é.warc.gz", "plain.warc.gz"})
    void aWarcFileOfAnyLegalNameIsSelectedAndItsOutputsUploadedUnderThatName(String warc) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.write(in.resolve(warc), new byte[] {1, 2, 3});
        List<WarcInputs.Warc> w = WarcInputs.resolve(List.of(in.toString()), new Configuration(), new ArrayList<>());
        assertEquals(warc, w.get(0).name());
        Path local = Store.local(w.get(0).uri(), new Configuration(), tmp);
        assertEquals(in.resolve(warc), local);

        Path out = Files.createDirectories(tmp.resolve("out"));
        Store store = new Store(out.toUri().toString(), new Configuration());
        Path file = Files.write(tmp.resolve("rows"), new byte[] {4, 5});
        store.upload(file, "captures/" + warc + ".parquet", "0-0-0-0");
        Files.write(file, new byte[] {6});
        store.upload(file, "captures/" + warc + ".parquet", "0-0-0-1"); // replaces it
        assertTrue(store.exists("captures/" + warc + ".parquet"));
        try (var s = Files.list(out.resolve("captures"))) {
            assertEquals(List.of(warc + ".parquet"), s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).toList());
        }
        assertEquals(1, Files.size(out.resolve("captures").resolve(warc + ".parquet")));
        assertEquals(List.of(warc + ".parquet"), store.list("captures").stream().map(s -> s.getPath().getName()).toList());
        assertTrue(store.delete("captures/" + warc + ".parquet"));
        assertFalse(store.exists("captures/" + warc + ".parquet"));
    }
}
