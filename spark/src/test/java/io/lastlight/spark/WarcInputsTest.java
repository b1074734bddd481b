package io.lastlight.spark;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.core.UserException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --in} values: a crawl folder (its warc/), a folder of worker folders, a WARC file, a listing; still-open files
 * and name clashes. A folder selects the files {@code lastlight build} selects.
 */
class WarcInputsTest {
    @TempDir
    Path tmp;

    @Test
    void foldersFilesAndListingsGiveOneSortedListOfWarcFilesByName() throws Exception {
        Path crawl = Files.createDirectories(tmp.resolve("crawl/warc"));
        Files.write(crawl.resolve("b.warc.gz"), new byte[3]);
        Files.write(crawl.resolve("c.warc.gz.open"), new byte[1]);
        Files.write(crawl.resolve("notes.txt"), new byte[1]);
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.write(other.resolve("a.warc"), new byte[5]);
        Files.write(other.resolve("d.warc.gz"), new byte[7]);
        Files.write(crawl.resolve("e.warc.zst"), new byte[2]);
        Files.write(crawl.resolve("f.ARC.GZ"), new byte[4]);
        Path listing = tmp.resolve("listing.txt");
        Files.writeString(listing, "# more files\n\n" + other.resolve("d.warc.gz").toUri() + "\n");
        List<String> ignored = new ArrayList<>();
        List<WarcInputs.Warc> w = WarcInputs.resolve(List.of(tmp.resolve("crawl").toString(), other.resolve("a.warc").toString(),
                listing.toString()), new Configuration(), ignored);
        assertEquals(List.of("a.warc", "b.warc.gz", "d.warc.gz", "e.warc.zst", "f.ARC.GZ"), w.stream().map(WarcInputs.Warc::name).toList());
        assertEquals(List.of(5L, 3L, 7L, 2L, 4L), w.stream().map(WarcInputs.Warc::bytes).toList());
        assertTrue(w.get(0).uri().startsWith("file:"), w.get(0).uri());
        assertEquals(1, ignored.size());
        assertTrue(ignored.get(0).startsWith("warc/c.warc.gz.open (still open"), ignored.toString());
    }

    /** Layouts 'lastlight build --in' reads (README: a folder of worker folders), as files to write under the folder. */
    @ParameterizedTest
    @ValueSource(strings = {
            "a.warc.gz b.warc",                                              // a folder of WARC files
            "warc/a.warc.gz warc/b.warc.gz notes/c.warc.gz",                 // a crawl's output and a folder beside warc/
            "w1/a.warc.gz w1/c.warc.gz.open w2/b.warc.gz w2/sub/d.warc.gz",   // worker folders, any depth
            "w1/warc/b.warc.gz w2/warc/a.warc.zst w2/x.txt",                 // worker crawl outputs, each with warc/
            "top.warc.gz w1/a.warc.gz m.wacz .tmp/t.warc.gz e.warc.bz2",     // files at the top and below; WACZ, hidden, bz2 listed
    })
    void aFolderSelectsTheSameFilesAsTheLocalBuild(String layout) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String f : layout.split(" ")) {
            Path p = in.resolve(f);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[1]);
        }
        List<String> localIgnored = new ArrayList<>(), sparkIgnored = new ArrayList<>();
        List<String> local = DatasetBuilder.warcFiles(in, localIgnored).stream().map(f -> f.getFileName().toString()).toList();
        List<String> spark = WarcInputs.resolve(List.of(in.toString()), new Configuration(), sparkIgnored).stream()
                .map(WarcInputs.Warc::name).toList();
        assertFalse(local.isEmpty());
        assertEquals(local, spark);
        assertEquals(localIgnored, sparkIgnored);
    }

    @Test
    void twoWorkerFoldersHoldingOneFileNameAreRefusedAsTheLocalBuildRefusesThem() throws Exception {
        Path in = tmp.resolve("in");
        for (String w : new String[] {"w1", "w2"}) Files.write(Files.createDirectories(in.resolve(w)).resolve("crawl.warc.gz"), new byte[1]);
        UserException local = assertThrows(UserException.class, () -> DatasetBuilder.warcFiles(in, new ArrayList<>()));
        UserException spark = assertThrows(UserException.class, () -> WarcInputs.resolve(List.of(in.toString()), new Configuration(), new ArrayList<>()));
        assertTrue(spark.getMessage().startsWith("WARC files with the same name in different folders of "), spark.getMessage());
        assertTrue(spark.getMessage().contains("crawl.warc.gz ("), spark.getMessage());
        assertEquals(local.getMessage().replaceAll("\\S*/in\\b", "IN"), spark.getMessage().replaceAll("\\S*/in\\b", "IN"));
    }

    @Test
    void twoFilesWithOneNameAMissingPathAndABadListingLineAreRefusedWithTheReason() throws Exception {
        Path x = Files.createDirectories(tmp.resolve("x")), y = Files.createDirectories(tmp.resolve("y"));
        Files.write(x.resolve("same.warc.gz"), new byte[1]);
        Files.write(y.resolve("same.warc.gz"), new byte[1]);
        Configuration conf = new Configuration();
        UserException clash = assertThrows(UserException.class, () -> WarcInputs.resolve(List.of(x.toString(), y.toString()), conf, new ArrayList<>()));
        assertTrue(clash.getMessage().contains("two input WARC files are named same.warc.gz"), clash.getMessage());
        UserException missing = assertThrows(UserException.class, () -> WarcInputs.resolve(List.of(tmp.resolve("nope").toString()), conf, new ArrayList<>()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path listing = tmp.resolve("list.txt");
        Files.writeString(listing, x.resolve("same.warc.gz") + "\nREADME.md\n");
        UserException bad = assertThrows(UserException.class, () -> WarcInputs.resolve(List.of(listing.toString()), conf, new ArrayList<>()));
        assertTrue(bad.getMessage().contains("line 2 of the listing"), bad.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThrows(UserException.class, () -> WarcInputs.resolve(List.of(empty.toString()), conf, new ArrayList<>()));
    }
}
