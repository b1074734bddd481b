package io.lastlight.report;

import io.lastlight.cli.MainTest;
import io.lastlight.e2e.AnswersWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The HTML report: self-contained, every chart drawn, and rendered by headless Chromium. */
class ReportTest {
    static final List<String> CHARTS = List.of("chart-signups", "chart-followers", "chart-violence", "chart-deletions", "chart-coverage");
    static Path out;
    static String html;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void write() throws Exception {
        AnswersWorld w = AnswersWorld.get();
        out = Path.of("target", "report-test", "report.html").toAbsolutePath();
        MainTest.Run r = MainTest.run("report", "--dataset", w.dataset.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        html = Files.readString(out, StandardCharsets.UTF_8);
    }

    static int marks(String doc, String id) {
        int start = doc.indexOf("id=\"" + id + "\"");
        if (start < 0) return -1;
        int end = doc.indexOf("</svg>", start);
        Matcher m = Pattern.compile("class=\"mark\"").matcher(doc.substring(start, end));
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void theFileIsSelfContainedWithEveryChartAndItsMethodsNote() {
        assertFalse(Pattern.compile("(?i)<script|<link|<img|\\bsrc=|url\\(|@import").matcher(html).find(), "the report must not load anything");
        for (String id : CHARTS) assertTrue(marks(html, id) > 0, id + " has no data marks");
        assertEquals(CHARTS.size() + 0, countOf(html, "class=\"methods\"") - 1, "one methods note per figure plus the estimates note");
        assertTrue(html.contains("rules-") || html.contains("classifier <code>"), "classifier version");
        assertTrue(html.contains("Wilson"));
        assertTrue(html.contains("id-space sampling"));
    }

    static int countOf(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }

    static String chromium() {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) return Path.of(dir, c).toString();
            }
        }
        return null;
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed: " + cmd);
        return new String(outBytes, StandardCharsets.UTF_8);
    }

    static List<String> flags(Path profile) {
        return new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
    }

    @Test
    void headlessChromiumRendersEveryChart() throws Exception {
        assumeTrue(chromium() != null, "Chromium not found: install it (Debian: apt-get install -y chromium) to run the rendering test");
        List<String> dump = flags(tmp.resolve("profile-dom"));
        dump.addAll(List.of("--dump-dom", out.toUri().toString()));
        String dom = run(dump);
        for (String id : CHARTS) {
            assertEquals(marks(html, id), marks(dom, id), id + ": the browser's DOM lost data marks");
            assertTrue(marks(dom, id) > 0, id);
        }
        Path png = out.resolveSibling("report.png");
        Files.deleteIfExists(png);
        List<String> shot = flags(tmp.resolve("profile-shot"));
        shot.addAll(List.of("--hide-scrollbars", "--window-size=900,4200", "--screenshot=" + png, out.toUri().toString()));
        run(shot);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getHeight() >= 4000, "no screenshot");
        // each chart's marks have their own colour: count screen pixels of each
        int[][] colours = {{0x2b, 0x6c, 0xb0}, {0x9b, 0x2c, 0x2c}, {0x4a, 0x55, 0x68}, {0x2f, 0x85, 0x5a}};
        int[] seen = new int[colours.length];
        for (int y = 0; y < img.getHeight(); y += 1) {
            for (int x = 0; x < img.getWidth(); x += 1) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                for (int k = 0; k < colours.length; k++) {
                    if (Math.abs(r - colours[k][0]) + Math.abs(g - colours[k][1]) + Math.abs(b - colours[k][2]) < 24) seen[k]++;
                }
            }
        }
        for (int k = 0; k < colours.length; k++) assertTrue(seen[k] > 50, "colour " + k + " drawn on " + seen[k] + " pixels");
    }

    @Test
    void anUnwritableOutputIsAOneLineError() throws Exception {
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        MainTest.Run r = MainTest.run("report", "--dataset", AnswersWorld.get().dataset.toString(), "--out", file.resolve("r.html").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot write the report"), r.err());
        MainTest.Run help = MainTest.run("report", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes"), help.out());
    }
}
