package io.lastlight.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class MainTest {
    @TempDir
    Path dir;

    public record Run(int code, String out, String err) {}

    /** Runs the CLI in-process, capturing what it prints (synchronized: it swaps System.out/err). */
    public static synchronized Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate", "crawl", "build", "query", "demo", "classify", "evidence", "package", "import", "estimate",
            "report", "label"})
    void everyCommandHasHelpWithExitCodes(String command) {
        Run r = run(command, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Usage: lastlight " + command), r.out());
        assertTrue(r.out().toLowerCase().contains("exit"), command + " --help documents no exit codes:\n" + r.out());
    }

    @Test
    void rootHelpListsCommandsAndExitCodes() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"simulate", "crawl", "build", "query", "demo"}) assertTrue(r.out().contains(c), c);
        assertTrue(r.out().contains("Exit codes"));
    }

    @Test
    void badUsageExitsTwoWithAOneLineHint() {
        Run r = run("crawl", "--out", dir.toString(), "--no-such-flag");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option"), r.err());
        assertTrue(r.err().contains("--help"), r.err());
        assertEquals(2, run("query").code(), "query needs a name, --sql or --list");
        assertEquals(2, run("nonsense").code());
    }

    @Test
    void runtimeFailuresExitOneWithWhatToDo() {
        Run r = run("query", "--dataset", dir.resolve("missing").toString(), "user-counts");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not a lastlight dataset") && r.err().contains("lastlight build"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Run b = run("build", "--in", dir.toString(), "--out", dir.resolve("ds").toString());
        assertEquals(1, b.code());
        assertTrue(b.err().contains("no WARC files"), b.err());

        Run c = run("crawl", "--out", dir.resolve("c").toString(), "--seed-user", "x");
        assertEquals(1, c.code());
        assertTrue(c.err().contains("--base"), c.err());

        Run q = run("query", "--dataset", dir.toString(), "no-such-query");
        assertEquals(1, q.code());
    }

    @Test
    void crawlRefusesToMixIntoAnExistingCrawlWithoutResume() throws Exception {
        Path out = dir.resolve("crawl");
        Files.createDirectories(out);
        Files.writeString(out.resolve("frontier.db"), "");
        Run r = run("crawl", "--base", "http://127.0.0.1:9", "--seed-user", "x", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--resume"), r.err());
    }
}
