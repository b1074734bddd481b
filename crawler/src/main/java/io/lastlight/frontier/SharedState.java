package io.lastlight.frontier;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A shared crawl as {@code crawl status} reads it, without joining: its workers, its items by tier and kind,
 * the pages its captured profiles imply (kind → tier → pages), its throughput over the live workers, and
 * its stored settings (JSON, empty before the first worker stored them).
 */
public record SharedState(List<WorkerStatus> workers, Map<Integer, Map<String, FrontierStats>> byTierAndKind,
                          Map<String, Map<Integer, Long>> expectedPages, double throughput, Optional<String> settings) {
}
