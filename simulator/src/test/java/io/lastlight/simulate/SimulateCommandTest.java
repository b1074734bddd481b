package io.lastlight.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.lastlight.simulate.SimTestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {
    private static final class Run {
        final StringWriter out = new StringWriter(), err = new StringWriter();
        int code;
    }

    private static Run run(SimulateCommand cmd, String... args) {
        Run r = new Run();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(r.out, true));
        cl.setErr(new PrintWriter(r.err, true));
        r.code = cl.execute(args);
        return r;
    }

    @Test
    void truthOnlyWritesTheFileAndExits(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Run r = run(new SimulateCommand(), "--users", "150", "--seed", "4", "--truth-only", "--truth", f.toString());
        assertEquals(0, r.code, r.err.toString());
        JsonNode j = JSON.readTree(f.toFile());
        assertEquals(150, j.get("users").asInt());
        assertEquals(4, j.get("seed").asInt());
        assertEquals(GroundTruth.compute(SimConfig.builder().users(150).seed(4).build()).posts(), j.get("posts").asLong());
    }

    @Test
    void badValuesAreUsageErrorsSayingWhatIsExpected() {
        Run a = run(new SimulateCommand(), "--users", "0", "--truth-only");
        assertEquals(2, a.code);
        assertTrue(a.err.toString().contains("users must be at least 1"), a.err.toString());
        Run b = run(new SimulateCommand(), "--dark-after", "soon");
        assertEquals(2, b.code);
        assertTrue(b.err.toString().contains("90s"), b.err.toString());
        Run c = run(new SimulateCommand(), "--faults", "5xx=2");
        assertEquals(2, c.code);
        assertTrue(c.err.toString().contains("[0,1]"), c.err.toString());
        Run d = run(new SimulateCommand(), "--rate-headers", "maybe");
        assertEquals(2, d.code);
        Run e = run(new SimulateCommand(), "--robots", "deny-all");
        assertEquals(2, e.code);
        Run f = run(new SimulateCommand(), "--users", "lots");
        assertEquals(2, f.code);
        Run g = run(new SimulateCommand(), "--dark-after-requests", "0");
        assertEquals(2, g.code);
        assertTrue(g.err.toString().contains("--dark-after-requests must be at least 1"), g.err.toString());
    }

    @Test
    void helpDocumentsEveryOption() {
        Run r = run(new SimulateCommand(), "--help");
        assertEquals(0, r.code);
        String help = r.out.toString();
        for (String o : new String[]{"--port", "--users", "--seed", "--rate", "--burst", "--rate-headers", "--faults",
                "--dark-after", "--dark-after-requests", "--dark-at", "--auth", "--robots", "--access-log", "--truth", "--truth-only", "--slow-delay",
                "--world-start", "--time-scale"}) {
            assertTrue(help.contains(o), o);
        }
    }

    @Test
    void servesAndPrintsTheBaseUrlFirst() throws Exception {
        SimulateCommand cmd = new SimulateCommand();
        Run r = new Run();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(r.out, true));
        cl.setErr(new PrintWriter(r.err, true));
        CompletableFuture<Integer> done = CompletableFuture.supplyAsync(() -> cl.execute("--port", "0", "--users", "100", "--seed", "2"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!r.out.toString().contains("\n") && System.currentTimeMillis() < deadline) Thread.sleep(20);
        String first = r.out.toString().split("\n")[0].trim();
        assertTrue(first.matches("http://127\\.0\\.0\\.1:\\d+"), first);
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(first + "/robots.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode());
        assertTrue(resp.body().contains("User-agent: *"));
        cmd.stop();
        assertEquals(0, done.get(10, TimeUnit.SECONDS));
    }
}
