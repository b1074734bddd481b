package io.lastlight.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.cli.MainTest;
import io.lastlight.e2e.AnswersWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lastlight evidence} as a script uses it: stdout holds only the table or JSON, an id not in the dataset is a
 * documented non-zero exit, ids pasted from CSV output (CRLF line ends) are found, and an --extract folder that
 * cannot be made is explained. Also the dataset's schema check, seen through the CLI.
 */
class EvidenceCliTest {
    static AnswersWorld w;
    static String user;

    @TempDir
    Path tmp;

    @BeforeAll
    static void world() throws Exception {
        w = AnswersWorld.get();
        user = w.truth.topFollowers().get(0).username();
    }

    @Test
    void jsonWithExtractKeepsStdoutValidJsonAndNotesOnStderr() throws Exception {
        Path dir = tmp.resolve("ev");
        MainTest.Run r = MainTest.run("evidence", "--dataset", w.dataset.toString(), "--user", user, "--format", "json",
                "--extract", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertTrue(rows.isArray() && rows.size() > 0, r.out());
        assertTrue(r.err().contains("extracted " + dir.resolve("001.http")), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("001.body")));
        // the crawler's records carry both digests; each extracted capture's are checked against its bytes
        assertTrue(r.err().contains("digests: payload sha1:") && r.err().contains("block sha1:"), r.err());
        assertFalse(r.err().contains("MISMATCH"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s\r", "%s\r\n", "  %s  ", "\t%s"})
    void anIdWithSurroundingWhitespaceOrACarriageReturnIsFound(String form) {
        MainTest.Run r = MainTest.run("evidence", "--dataset", w.dataset.toString(), "--user", String.format(form, user), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().count() > 1, r.out());
    }

    @Test
    void anUnknownIdExitsThreeWithTheMessageOnStderr() {
        MainTest.Run r = MainTest.run("evidence", "--dataset", w.dataset.toString(), "--user", "nobody_here", "--format", "json");
        assertEquals(EvidenceCommand.EXIT_NOT_FOUND, r.code());
        assertEquals("", r.out(), "nothing on stdout, which a script parses");
        assertTrue(r.err().contains("no captures") && r.err().contains("nobody_here"), r.err());
        assertTrue(MainTest.run("evidence", "--help").out().contains("  3  no captures"), "--help documents exit 3");
    }

    @Test
    void anExtractFolderThatCannotBeMadeIsExplained() throws Exception {
        Path file = Files.writeString(tmp.resolve("hostname"), "x\n");
        MainTest.Run r = MainTest.run("evidence", "--dataset", w.dataset.toString(), "--user", user, "--extract", file.resolve("x").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot create the --extract folder " + file.resolve("x")), r.err());
        assertFalse(r.err().contains("looks like a bug"), r.err());
        assertEquals("", r.out(), "the table is not printed when the extraction cannot start");
    }

    /** A dataset built with another schema version: a copy of the world's, sharing its files, with the manifest edited. */
    Path withSchemaVersion(String version) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("ds-" + version));
        try (var s = Files.list(w.dataset)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().equals("manifest.json")) Files.createSymbolicLink(copy.resolve(p.getFileName()), p);
            }
        }
        String manifest = Files.readString(w.dataset.resolve("manifest.json"));
        Files.writeString(copy.resolve("manifest.json"),
                manifest.replaceFirst("\"schemaVersion\"\\s*:\\s*\"[^\"]*\"", "\"schemaVersion\" : \"" + version + "\""));
        return copy;
    }

    @Test
    void aDatasetOfANewerSchemaIsRefusedAndAnOlderOneWarnedAbout() throws Exception {
        MainTest.Run newer = MainTest.run("query", "--dataset", withSchemaVersion("9.0").toString(), "user-counts");
        assertEquals(1, newer.code());
        assertTrue(newer.err().contains("9.0") && newer.err().contains("upgrade lastlight"), newer.err());

        Path old = withSchemaVersion("0.9");
        MainTest.Run q = MainTest.run("query", "--dataset", old.toString(), "user-counts");
        assertEquals(0, q.code(), q.err());
        assertEquals(1, q.err().lines().filter(l -> l.contains("warning")).count(), q.err());
        assertTrue(q.err().contains("0.9") && q.err().contains("lastlight build"), q.err());
        MainTest.Run e = MainTest.run("evidence", "--dataset", old.toString(), "--user", user);
        assertEquals(0, e.code(), e.err());
    }
}
