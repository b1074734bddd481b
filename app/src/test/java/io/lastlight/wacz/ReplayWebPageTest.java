package io.lastlight.wacz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.world.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archivists' own tools: ReplayWeb.page (npm {@code replaywebpage}, served from a local folder on
 * loopback) opens the WACZ in headless Chromium (Debian {@code chromium}, driven by playwright-core) and
 * replays captured profiles of the simulated platform; the test finds the username in the replayed page and
 * saves a screenshot under {@code target/replay/}. Skips, saying how to install them, where Chromium, Node
 * or the npm packages are missing ({@code .ci/replay-tools} installs the packages; CI runs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayWebPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String RWP_VERSION = "2.5.3";

    @TempDir
    static Path tmp;

    Tools tools;
    SimServer server;
    GroundTruth truth;
    Path wacz;
    StaticServer web;
    Path shots;

    record Tools(Path chromium, Path node, Path replayWebPage, Path playwrightCore) {}

    @BeforeAll
    void setUp() throws Exception {
        tools = findTools();
        server = WaczFixtures.startWorld(40);
        truth = server.truth();
        Path crawl = tmp.resolve("crawl");
        WaczFixtures.crawl(server, crawl);
        WaczFixtures.captureHtml(WaczFixtures.htmlPages(server, truth.seedUsers()), crawl.resolve("warc"));
        wacz = tmp.resolve("archive.wacz");
        io.lastlight.cli.MainTest.Run p = io.lastlight.cli.MainTest.run("package", "--in", crawl.toString(), "--out", wacz.toString(), "--title", "lastlight replay test");
        assertEquals(0, p.code(), p.err());
        io.lastlight.cli.MainTest.Run v = io.lastlight.cli.MainTest.run("package", "--verify", wacz.toString());
        assertEquals(0, v.code(), v.err());
        web = new StaticServer().dir("/replay/", tools.replayWebPage()).file("/archive.wacz", wacz);
        shots = Files.createDirectories(Path.of("target", "replay"));
    }

    @AfterAll
    void tearDown() {
        if (web != null) web.close();
        if (server != null) server.close();
    }

    @Test
    void replaysTheCapturedHtmlProfilePage() throws Exception {
        String seed = truth.seedUsers().get(0);
        User u = WaczFixtures.user(truth, seed);
        String target = base() + "/profile/" + seed;
        JsonNode r = replay("profile-html", target, "@" + seed);
        assertTrue(r.path("text").asText().contains(u.name()), "display name replayed too: " + r.path("text").asText());
    }

    @Test
    void replaysTheCapturedApiProfile() throws Exception {
        String seed = truth.seedUsers().get(0);
        String target = base() + "/v1/profile?username=" + seed;
        JsonNode r = replay("profile-api", target, "\"username\":\"" + seed + "\"");
        assertTrue(r.path("frame").asText().contains("mp_/"), r.toString());
    }

    private String base() {
        return server.baseUri().toString().replaceAll("/$", "");
    }

    /** Opens {@code target} from the WACZ in ReplayWeb.page; asserts {@code needle} shows; returns the script's report. */
    private JsonNode replay(String name, String target, String needle) throws Exception {
        String page = "/" + name + ".html";
        web.html(page, "<!doctype html><html><head><meta charset=\"utf-8\"><title>lastlight: " + name + "</title>"
                + "<script src=\"/replay/ui.js\"></script></head>"
                + "<body style=\"margin:0\"><replay-web-page style=\"display:block;width:100vw;height:100vh\""
                + " source=\"" + web.base().resolve("/archive.wacz") + "\" url=\"" + escape(target) + "\""
                + " replayBase=\"/replay/\" embed=\"replayonly\"></replay-web-page></body></html>");
        Path script = tmp.resolve("replay-check.cjs");
        try (InputStream in = getClass().getResourceAsStream("replay-check.cjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path shot = shots.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(shot);
        ProcessBuilder pb = new ProcessBuilder(tools.node().toString(), script.toString());
        Map<String, String> env = pb.environment();
        env.put("PLAYWRIGHT_CORE", tools.playwrightCore().toString());
        env.put("CHROMIUM", tools.chromium().toString());
        env.put("PAGE_URL", web.base().resolve(page).toString());
        env.put("TARGET_URL", target);
        env.put("NEEDLE", needle);
        env.put("SCREENSHOT", shot.toString());
        env.put("USER_DATA_DIR", Files.createTempDirectory(tmp, "chromium-").toString());
        env.put("TIMEOUT_MS", "90000");
        pb.redirectError(tmp.resolve(name + ".stderr").toFile());
        Process proc = pb.start();
        byte[] out = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(3, TimeUnit.MINUTES)) {
            proc.destroyForcibly();
            throw new AssertionError("the browser did not finish within 3 minutes");
        }
        String stdout = new String(out, StandardCharsets.UTF_8).strip();
        String last = stdout.isEmpty() ? "{}" : stdout.substring(stdout.lastIndexOf('\n') + 1);
        JsonNode r = JSON.readTree(last);
        Files.writeString(shots.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        assertEquals(0, proc.exitValue(), "ReplayWeb.page did not show '" + needle + "' for " + target + ": " + r
                + "\nstderr: " + Files.readString(tmp.resolve(name + ".stderr")));
        assertTrue(r.path("ok").asBoolean(), r.toString());
        assertTrue(r.path("text").asText().contains(needle), r.toString());
        assertTrue(Files.size(shot) > 1000, "screenshot saved: " + shot);
        return r;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    // --- finding the tools (skips with instructions when absent) ---

    static Tools findTools() throws IOException, InterruptedException {
        Path chromium = firstExisting(System.getenv("LASTLIGHT_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
                .orElse(null);
        Assumptions.assumeTrue(chromium != null, "Chromium not found (looked for $LASTLIGHT_CHROMIUM, /usr/bin/chromium): "
                + "install it with `apt-get install -y chromium` to run the ReplayWeb.page replay test");
        Path node = onPath("node").orElse(null);
        Assumptions.assumeTrue(node != null, "Node.js not found on PATH: install it (`apt-get install -y nodejs npm`) "
                + "to run the ReplayWeb.page replay test");
        Path dir = Path.of(Optional.ofNullable(System.getenv("LASTLIGHT_REPLAY_TOOLS"))
                .orElse(System.getProperty("user.home") + "/.cache/lastlight/replay"));
        if (!complete(dir)) install(dir);
        Assumptions.assumeTrue(complete(dir), "ReplayWeb.page " + RWP_VERSION + " and playwright-core are not installed in " + dir
                + " and could not be installed: run `.ci/replay-tools` (needs npm and access to the npm registry)");
        return new Tools(chromium, node, dir.resolve("replaywebpage-" + RWP_VERSION), dir.resolve("node_modules/playwright-core"));
    }

    private static boolean complete(Path dir) {
        return Files.isRegularFile(dir.resolve("replaywebpage-" + RWP_VERSION + "/sw.js"))
                && Files.isRegularFile(dir.resolve("replaywebpage-" + RWP_VERSION + "/ui.js"))
                && Files.isRegularFile(dir.resolve("node_modules/playwright-core/package.json"));
    }

    private static void install(Path dir) throws IOException, InterruptedException {
        if (onPath("npm").isEmpty()) return;
        Path here = Path.of("").toAbsolutePath();
        Path script = null;
        for (Path p = here; p != null && script == null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve(".ci/replay-tools"))) script = p.resolve(".ci/replay-tools");
        }
        if (script == null) return;
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LASTLIGHT_REPLAY_TOOLS", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
    }

    private static Optional<Path> firstExisting(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank() && Files.isExecutable(Path.of(c))) return Optional.of(Path.of(c));
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String name) {
        List<String> dirs = new ArrayList<>(List.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
