package io.lastlight.platform;

/**
 * A figure the platform reports about itself, e.g. Mastodon's {@code /api/v1/instance} {@code stats.user_count}:
 * the platform's claim, kept beside what the capture itself shows. A claim that is not a number (which server
 * software answered) has {@code value} 1 and the words in {@code detail}.
 */
public record PlatformStat(String platform, String metric, long value, String detail) {
    /** A numeric claim. */
    public PlatformStat(String platform, String metric, long value) {
        this(platform, metric, value, null);
    }

    /** A claim in words, e.g. metric {@code software}, detail {@code gab}. */
    public static PlatformStat text(String platform, String metric, String detail) {
        return new PlatformStat(platform, metric, 1, detail);
    }
}
