package io.lastlight.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which files under {@code --in} a build reads ({@link DatasetBuilder#warcFiles}, the {@link WarcFolders} rule), and
 * that every other WARC-like file is listed with its reason: none is dropped without a word.
 */
class WarcFoldersTest {
    @TempDir
    Path tmp;

    /**
     * Layouts (files written under --in; "0:" writes an empty file, "z:" an empty gzip stream), the files read (by
     * path under --in) and the ones ignored, each with a word of its reason.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a folder of WARC files; a crawl's output; Heritrix's warcs/; Browsertrix's collection
            "a.warc.gz b.warc notes.txt                          | a.warc.gz b.warc                        |",
            "warc/a.warc.gz warc/b.warc.gz frontier/x.db        | warc/a.warc.gz warc/b.warc.gz           |",
            "job/20210110/warcs/h-1.warc.gz job/20210110/warcs/h-2.warc.gz | job/20210110/warcs/h-1.warc.gz job/20210110/warcs/h-2.warc.gz |",
            "collections/c/archive/r.warc.gz collections/c/indexes/index.cdxj | collections/c/archive/r.warc.gz |",
            // a top-level file beside subfolders, and beside warc/ (both silently dropped before)
            "top.warc.gz 2021-01/sub.warc.gz m.wacz             | 2021-01/sub.warc.gz top.warc.gz          | m.wacz=WACZ",
            "top.warc.gz warc/inwarc.warc.gz                    | warc/inwarc.warc.gz top.warc.gz          |",
            // workers of one crawl: each folder's warc/, and deeper
            "w1/warc/a.warc.gz w2/warc/b.warc.zst w2/x.txt w3/sub/c.arc.gz | w1/warc/a.warc.gz w2/warc/b.warc.zst w3/sub/c.arc.gz |",
            // what is not read, and why
            "a.warc.gz a.warc.gz.cdxj a.warc.gz.sha1 warc/c.warc.gz.open .tmp/t.warc.gz .h.warc e.warc.bz2 f.warc.gz.part | a.warc.gz | warc/c.warc.gz.open=still open .tmp/t.warc.gz=hidden .h.warc=hidden e.warc.bz2=not a name f.warc.gz.part=not a name",
            "a.warc.gz 0:e.warc 0:e.warc.gz z:z.warc.gz          | a.warc.gz | 0:e.warc=0 bytes 0:e.warc.gz=0 bytes z:z.warc.gz=gzip stream holding no bytes",
    })
    void everyWarcLikeFileIsReadOrListedWithItsReason(String layout, String read, String ignoredSpec) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String f : layout.trim().split("\\s+")) write(in, f);
        List<String> ignored = new ArrayList<>();
        List<String> got = DatasetBuilder.warcFiles(in, ignored).stream().map(p -> in.relativize(p).toString()).toList();
        List<String> want = Arrays.asList(read.trim().split("\\s+"));
        assertEquals(want.stream().sorted((x, y) -> name(x).compareTo(name(y))).toList(), got, "sorted by file name");
        String[] expect = ignoredSpec == null ? new String[0] : ignoredSpec.trim().split("\\s+(?=\\S+=)");
        assertEquals(expect.length, ignored.size(), ignored.toString());
        for (String e : expect) {
            String path = e.substring(0, e.indexOf('=')).replaceFirst("^[0z]:", ""), why = e.substring(e.indexOf('=') + 1);
            assertTrue(ignored.stream().anyMatch(i -> i.startsWith(path + " (") && i.contains(why)), path + " " + why + ": " + ignored);
        }
    }

    private static String name(String path) {
        return Path.of(path).getFileName().toString();
    }

    private static void write(Path in, String spec) throws Exception {
        String rel = spec.replaceFirst("^[0z]:", "");
        Path p = in.resolve(rel);
        Files.createDirectories(p.getParent());
        if (spec.startsWith("0:")) {
            Files.write(p, new byte[0]);
        } else if (spec.startsWith("z:")) {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
                o.flush();
            }
        } else {
            Files.writeString(p, "WARC/1.1\r\n");
        }
    }

    @Test
    void aLinkLoopIsReadOnceAndAFolderReachedByTwoNamesToo() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        write(in, "a/x.warc.gz");
        Files.createSymbolicLink(in.resolve("a/loop"), in.resolve("a"));
        Files.createSymbolicLink(in.resolve("b"), in.resolve("a"));
        List<String> ignored = new ArrayList<>();
        List<Path> got = DatasetBuilder.warcFiles(in, ignored);
        assertEquals(1, got.size(), got.toString());
        assertEquals(List.of(), ignored);
    }
}
