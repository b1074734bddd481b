package io.lastlight.warc;

import org.netpreserve.jwarc.WarcReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs jwarc's own {@code validate} tool (the same as {@code java -jar jwarc.jar validate FILE}) in a
 * child JVM, because it checks digests and structure independently of how we wrote the file.
 */
public final class JwarcValidate {
    private JwarcValidate() {}

    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result validate(List<Path> files) throws IOException, InterruptedException {
        String jar;
        try {
            jar = Path.of(WarcReader.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar, "org.netpreserve.jwarc.tools.WarcTool", "validate"));
        for (Path f : files) cmd.add(f.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
