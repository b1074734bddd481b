package io.lastlight.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

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

    }

    /**
     * The exit-code contract of --help ("2 bad usage: unknown option, missing or invalid value") for mistakes found
     * after parsing: the review saw each of these exit 1, like a runtime failure; estimate's --id-range already gave 2.
     * No dataset or server is needed: usage is checked before either is touched.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "crawl --out OUT/c --seed-user x | 2 | --base URL is required",
            "crawl --base notaurl --seed-user a --out OUT/c | 2 | --base must be an http(s) URL",
            "crawl --base http://127.0.0.1:9 --out OUT/c | 2 | --seed-user",
            "crawl --base http://127.0.0.1:9 --seed-user a --rate -1 --out OUT/c | 2 | rate must be",
            "demo --users -5 --out OUT/demo | 2 | --users must be at least 10",
            "query --dataset OUT no-such-query | 2 | unknown query 'no-such-query'",
            "query --dataset OUT top-followers --param nosuch=1 | 2 | has no parameter 'nosuch'",
            "query --dataset OUT top-followers --limit -3 | 2 | must be >= 0",
            "query --dataset OUT user-counts --limit 3 | 2 | takes no --limit",
            "query --dataset OUT deletions --param by=nonsense | 2 | one of day, author",
            "query --dataset OUT violent-prevalence --param by=nonsense | 2 | one of overall, day, week, month, account",
            "query --dataset OUT user-growth --param period=year | 2 | one of day, week, month",
            "query user-counts | 2 | --dataset DATASET is required",
            "estimate users --dataset OUT --id-range 5-1 | 2 | --id-range must be A-B",
            "query --dataset OUT/missing user-counts | 1 | not a lastlight dataset",
            "build --in OUT --out OUT/ds | 1 | no WARC files",
            "frobnicate | 2 | Unmatched argument"})
    void commandLineToExitCode(String line, int code, String message) {
        String[] args = line.replace("OUT", dir.toString()).split(" ");
        Run r = run(args);
        assertEquals(code, r.code(), line + "\n" + r.err());
        assertTrue(r.err().contains(message), r.err());
        if (code == 2) assertTrue(r.err().contains("--help"), "bad usage points to --help: " + r.err());
        assertEquals("", r.out(), "errors go to stderr");
    }

    /** picocli formats every description: a bare % (build's "30% of the heap") printed a [picocli WARN] first. */
    @Test
    void everyHelpTextIsAValidFormatString() {
        List<String> bad = new ArrayList<>();
        Deque<CommandLine> todo = new ArrayDeque<>(List.of(Cli.newCommandLine(new Main())));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            CommandSpec spec = c.getCommandSpec();
            List<String> texts = new ArrayList<>();
            texts.addAll(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            texts.addAll(List.of(spec.usageMessage().header()));
            spec.options().forEach(o -> texts.addAll(List.of(o.description())));
            spec.positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
            for (String t : texts) {
                try {
                    String.format(t);
                } catch (java.util.IllegalFormatException e) {
                    bad.add(spec.qualifiedName() + ": " + e + " in '" + t + "'");
                }
            }
        }
        assertEquals(List.of(), bad);
        Run build = run("build", "--help");
        assertTrue(build.out().contains("30%") && !build.out().contains("30%%") && !build.err().contains("WARN"), build.err());
    }

    /** The canned queries in query --help come from the code's list (violent-prevalence-adjusted was missing). */
    @Test
    void queryHelpAndListNameEveryCannedQueryAndView() {
        Run help = run("query", "--help");
        for (String q : io.lastlight.query.NamedQuery.NAMES) assertTrue(help.out().contains(q), q + " missing from:\n" + help.out());
        Run list = run("query", "--list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("--param by=day  (VARCHAR: one of day, author)"), list.out());
        for (var t : io.lastlight.schema.DatasetSchema.bundled().tables()) {
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("views for --sql:") && l.contains(t.name())), t.name());
        }
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
