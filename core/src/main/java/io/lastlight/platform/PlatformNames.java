package io.lastlight.platform;

import java.util.Iterator;

/**
 * The names of the adapters on the class path, for picocli's {@code completionCandidates} (so {@code --help}
 * lists them as {@code ${COMPLETION-CANDIDATES}} without naming any in code).
 */
public final class PlatformNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Platforms.names().iterator();
    }
}
