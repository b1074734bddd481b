package io.lastlight.platform.mastodon;

import java.util.List;

/**
 * What one crawl has learnt about the server it talks to: the {@code --dialect} setting, or (auto) what the
 * nodeinfo document and {@code /api/v1/instance} said, as their captures are discovered. Both are captured
 * (in WARC) before the crawl proper starts: the seed accounts are looked up only once the instance has
 * answered, so the dataset build can tell the dialect from the WARC files alone. Shared by the threads of one
 * crawl; one instance per configured adapter.
 */
final class DialectDetection {
    private final MastodonDialect fixed;
    private volatile String nodeinfoName;
    private volatile String instanceVersion;
    private volatile List<String> seedUsers = List.of();
    private volatile boolean lookupsQueued;

    DialectDetection(MastodonDialect fixed) {
        this.fixed = fixed;
    }

    /** The dialect given by {@code --dialect}, or null when detected. */
    MastodonDialect fixed() {
        return fixed;
    }

    /** The dialect as far as is known now (Mastodon until told otherwise). */
    MastodonDialect current() {
        return fixed != null ? fixed : MastodonDialect.detect(nodeinfoName, instanceVersion);
    }

    void nodeinfo(String softwareName) {
        if (softwareName != null && !softwareName.isBlank()) nodeinfoName = softwareName;
    }

    void instance(String version) {
        if (version != null) instanceVersion = version;
    }

    /** The seed users of this crawl, looked up once detection has run. */
    void seedUsers(List<String> users) {
        seedUsers = List.copyOf(users);
    }

    List<String> seedUsers() {
        return seedUsers;
    }

    /** The seed lookups were queued (as seeds, or from a capture of the instance or nodeinfo). */
    void lookupsQueued() {
        lookupsQueued = true;
    }

    /**
     * True once, when the seed lookups are still owed: the dialect is detected and neither the instance nor nodeinfo
     * gave a usable answer (a 404, a 401, HTML, robots.txt) in this process.
     */
    synchronized boolean lookupsOwed() {
        if (fixed != null || lookupsQueued || seedUsers.isEmpty()) return false;
        lookupsQueued = true;
        return true;
    }
}
