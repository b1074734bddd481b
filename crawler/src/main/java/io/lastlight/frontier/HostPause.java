package io.lastlight.frontier;

/**
 * A host's pause kept in the frontier: nothing is sent to it before {@code notBeforeMillis} (epoch milliseconds on
 * the crawl's clock), and why ({@link io.lastlight.politeness.Pause}'s reasons).
 */
public record HostPause(long notBeforeMillis, String reason) {}
