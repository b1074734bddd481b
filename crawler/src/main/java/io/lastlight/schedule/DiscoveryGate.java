package io.lastlight.schedule;

/**
 * Whether follower/following pages still pay as profile discovery: open while one of the last
 * {@code window} such pages revealed a profile the crawl did not know, where the window is
 * {@code max(minWindow, known profiles / 20)}. A profile revealed any other way (a post's author, a mention)
 * opens it again: discovery is then demonstrably not finished.
 */
public final class DiscoveryGate {
    private final int minWindow;
    private long sinceNew;
    private long knownProfiles;
    private boolean open = true;
    private long closings;

    public DiscoveryGate(int minWindow) {
        if (minWindow < 1) throw new IllegalArgumentException("minWindow must be ≥ 1");
        this.minWindow = minWindow;
    }

    /** A discovery page was captured and revealed {@code newProfiles} profiles the crawl did not know. */
    public synchronized void discoveryPage(int newProfiles) {
        knownProfiles += newProfiles;
        if (newProfiles > 0) {
            sinceNew = 0;
            open = true;
        } else if (open && ++sinceNew >= window()) {
            open = false;
            closings++;
        }
    }

    /** Any other capture revealed {@code newProfiles} unknown profiles. */
    public synchronized void otherCapture(int newProfiles) {
        knownProfiles += newProfiles;
        if (newProfiles > 0) {
            sinceNew = 0;
            open = true;
        }
    }

    public synchronized boolean open() {
        return open;
    }

    /** How many times the gate closed (for stats). */
    public synchronized long closings() {
        return closings;
    }

    /** The gate's whole state, for tests. */
    synchronized String describe() {
        return (open ? "open" : "closed") + " sinceNew=" + sinceNew + " known=" + knownProfiles + " closings=" + closings;
    }

    public synchronized long window() {
        return Math.max(minWindow, knownProfiles / 20);
    }
}
