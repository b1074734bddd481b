package io.lastlight.frontier;

/**
 * A crawl-wide stop raised by one worker for all: the login the crawl shares has expired, or the platform has
 * gone dark. {@code outcome} is the name of the crawler's outcome ({@code AUTH_EXPIRED}, {@code PLATFORM_DARK}).
 */
public record StopSignal(String outcome, String worker, String detail) {
}
