package io.lastlight.fetch;

import java.time.Duration;

/** Fetcher settings. {@code userAgent} names lastlight, its version and the operator's contact. */
public record FetchConfig(String userAgent, int concurrency, Duration connectTimeout, Duration responseTimeout,
                          Duration totalTimeout, long maxBodyBytes) {
    public static final long DEFAULT_MAX_BODY = 50L * 1024 * 1024;
}
