package io.lastlight.frontier;

import java.time.Instant;

/**
 * One worker of a shared crawl as {@code crawl status} shows it.
 *
 * @param alive its process holds its name now (the database's session lock, dropped the moment it dies)
 * @param stopped it ended cleanly
 * @param leases items it holds now
 * @param outcomes items it has settled (captured, retried, failed) since it started
 * @param rate outcomes per second over its last heartbeat interval
 */
public record WorkerStatus(String name, String host, long pid, Instant started, Instant lastSeen, boolean alive,
                           boolean stopped, long leases, long outcomes, double rate) {}
