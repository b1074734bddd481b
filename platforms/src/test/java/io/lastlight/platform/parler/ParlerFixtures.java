package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fixture files of {@code fixtures/parler/} (see the README there: {@code *-sim.*} are the simulator's answers,
 * the rest hand-written) as captures at the time the simulator's fixtures were taken.
 */
final class ParlerFixtures {
    static final URI BASE = URI.create(ParlerSimFixtures.BASE);
    static final Instant CAPTURED = ParlerSimFixtures.NOW;
    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private ParlerFixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = ParlerFixtures.class.getResourceAsStream("/fixtures/parler/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Capture capture(String target, int status, String contentType, byte[] body) {
        return new Capture(URI.create(BASE + target), CAPTURED, status, Map.of("Content-Type", List.of(contentType)), body, false);
    }

    /** A fixture served with 200 at {@code target}, typed by its file extension. */
    static Capture fixture(String name, String target) {
        return capture(target, 200, name.endsWith(".json") ? JSON : HTML, bytes(name));
    }
}
