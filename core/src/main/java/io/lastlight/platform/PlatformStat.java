package io.lastlight.platform;

/**
 * A figure the platform reports about itself, e.g. Mastodon's {@code /api/v1/instance} {@code stats.user_count}:
 * the platform's claim, kept beside what the capture itself shows.
 */
public record PlatformStat(String platform, String metric, long value) {
}
