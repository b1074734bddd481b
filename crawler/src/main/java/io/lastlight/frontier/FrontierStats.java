package io.lastlight.frontier;

/** Counts by state. */
public record FrontierStats(long queued, long leased, long done, long failed) {
    public long total() {
        return queued + leased + done + failed;
    }
}
