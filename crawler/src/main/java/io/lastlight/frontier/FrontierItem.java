package io.lastlight.frontier;

import java.net.URI;

/** A leased frontier entry: what to fetch, and how it was found. */
public record FrontierItem(long id, String key, URI uri, String kind, int tier, double value, int attempts,
                           Long parent, int hop) {
}
