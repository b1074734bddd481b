package io.lastlight.simulate;

import io.lastlight.simulate.world.World;

import java.time.Instant;

/**
 * What a face needs to answer one request: the world, the world time, and the base URL that absolute links
 * (media, share links, HTML links) are written against (e.g. {@code http://127.0.0.1:8080}, no trailing slash).
 */
public record Ctx(World world, Instant now, String base) {}
