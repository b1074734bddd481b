package io.lastlight.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifyCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine root = Cli.newCommandLine(new Root());
        root.addSubcommand("classify", new ClassifyCommand(new ByteArrayInputStream(stdin), out));
        root.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "classify";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = root.execute(all);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    @CommandLine.Command(name = "lastlight")
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void jsonlFromStdin() throws Exception {
        Result r = run("I'm going to kill you\nWe are killing it today\n".getBytes(StandardCharsets.UTF_8), "--text-column");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length);
        JsonNode a = new ObjectMapper().readTree(lines[0]);
        assertEquals(1, a.get("line").asInt());
        assertTrue(a.get("label").asBoolean());
        assertEquals("threat.intent", a.get("rules").get(0).asText());
        assertEquals("I'm going to kill you", a.get("spans").get(0).get("text").asText());
        assertEquals(0, a.get("spans").get(0).get("start").asInt());
        assertEquals(HybridClassifier.standard().version(), a.get("version").asText()); // the default is what build uses
        assertEquals("I'm going to kill you", a.get("text").asText());
        JsonNode b = new ObjectMapper().readTree(lines[1]);
        assertFalse(b.get("label").asBoolean());
    }

    @Test
    void csvOutputIsProperCsv() throws Exception {
        Path f = dir.resolve("in.txt");
        Files.writeString(f, "they should be hanged, \"all\" of them\nhello\n");
        Result r = run(new byte[0], "--in", f.toString(), "--format", "csv", "--text-column");
        assertEquals(0, r.code(), r.err());
        var rows = Evaluation.readCsv(writeTemp(r.out()), "line", "label");
        assertEquals(2, rows.size());
        assertEquals("they should be hanged, \"all\" of them", rows.get(0).get("text"));
        assertEquals("true", rows.get(0).get("label"));
        assertTrue(rows.get(0).get("rules").startsWith("incite.passive"), rows.get(0).get("rules")); // ";model" when the model agrees
        assertTrue(rows.get(0).get("spans").contains("\"should be hanged\""));
        assertEquals("false", rows.get(1).get("label"));
    }

    @Test
    void csvInputColumn() throws Exception {
        Path f = dir.resolve("posts.csv");
        Files.writeString(f, "id,body\n1,\"String them up, all of them\"\n2,\"multi\nline, harmless\"\n3,nice day\n");
        Result r = run(new byte[0], "--in", f.toString(), "--column", "body");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(new ObjectMapper().readTree(lines[0]).get("label").asBoolean());
        assertFalse(new ObjectMapper().readTree(lines[1]).get("label").asBoolean());
    }

    @Test
    void unknownColumnIsAUserError() throws Exception {
        Path f = dir.resolve("posts.csv");
        Files.writeString(f, "id,body\n1,hi\n");
        Result r = run(new byte[0], "--in", f.toString(), "--column", "text");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no column 'text'") && r.err().contains("id, body"), r.err());
        Result r2 = run(new byte[0], "--in", f.toString());
        assertEquals(1, r2.code());
        assertTrue(r2.err().contains("--column NAME"), r2.err());
    }

    @Test
    void missingFileIsAUserError() {
        Result r = run(new byte[0], "--in", dir.resolve("nope.txt").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such file") && r.err().contains("nope.txt"), r.err());
    }

    @Test
    void invalidUtf8LinesAreSkippedCountedAndReported() {
        byte[] in = "I'm going to kill you\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'b', 'a', 'd', (byte) 0xC3, (byte) 0x28, '\n'};
        byte[] tail = "hello\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[in.length + bad.length + tail.length];
        System.arraycopy(in, 0, all, 0, in.length);
        System.arraycopy(bad, 0, all, in.length, bad.length);
        System.arraycopy(tail, 0, all, in.length + bad.length, tail.length);
        Result r = run(all);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("line 2: not valid UTF-8"), r.err());
        assertTrue(r.err().contains("1 line(s) skipped"), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, "the other lines are still classified");
        assertTrue(lines[1].contains("\"line\":3"));
    }

    @Test
    void invalidUtf8InCsvSkipsTheRecord() throws Exception {
        Path f = dir.resolve("posts.csv");
        byte[] head = "id,text\n1,hi\n2,ba".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "d\n3,we will shoot them\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xFF;
        System.arraycopy(rest, 0, all, head.length + 1, rest.length);
        Files.write(f, all);
        Result r = run(new byte[0], "--in", f.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("line 3"), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(new ObjectMapper().readTree(lines[1]).get("label").asBoolean());
    }

    @Test
    void badFormatIsUsageError() {
        Result r = run(new byte[0], "--format", "xml");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("xml"), r.err());
    }

    private Path writeTemp(String s) throws Exception {
        Path p = Files.createTempFile(dir, "out", ".csv");
        Files.writeString(p, s);
        return p;
    }
}
