package io.lastlight.simulate.world;

import java.time.Instant;

/** One comment on a post, generated from (seed, index). */
public record Comment(long index, long number, String id, int creator, long post, Instant createdAt, String body,
                      long upvotes) {}
