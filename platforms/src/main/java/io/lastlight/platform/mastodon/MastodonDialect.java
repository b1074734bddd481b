package io.lastlight.platform.mastodon;

import io.lastlight.core.UserException;

import java.util.Locale;

/**
 * Which server software speaks the Mastodon API on the other end (platforms.md §2, "Dialects"): what the
 * adapter does differently for each, and how it tells them apart. Gab and Pleroma/Akkoma, GoToSocial and
 * Mastodon name themselves in {@code /.well-known/nodeinfo} ({@code software.name}); Truth Social answers
 * as Mastodon there (if at all) and is told by its {@code /api/v1/instance} {@code version}, e.g.
 * {@code 3.4.1 (compatible; TruthSocial 1.0.0)}.
 */
enum MastodonDialect {
    MASTODON("mastodon"),
    GAB("gab"),
    TRUTHSOCIAL("truthsocial"),
    GOTOSOCIAL("gotosocial"),
    PLEROMA("pleroma");

    /** The {@code --dialect} value and the {@code platform_software} name. */
    final String id;

    MastodonDialect(String id) {
        this.id = id;
    }

    /** Seeds are looked up by Gab's own endpoint ({@code /api/v1/accounts/lookup} does not exist there). */
    boolean gabLookup() {
        return this == GAB;
    }

    /** Replies come from Truth Social's {@code /context/descendants?sort=oldest}, Link-paged. */
    boolean descendantsEndpoint() {
        return this == TRUTHSOCIAL;
    }

    /**
     * Statuses pages go on by the last status id when a page of the default size comes without {@code rel="next"}:
     * Truth Social's own clients page its statuses by {@code max_id} (stanfordio/truthbrush), not by Link.
     */
    boolean pagesByLastId() {
        return this == TRUTHSOCIAL;
    }

    /** {@code --dialect NAME}: a dialect, or null for {@code auto} (detect it). */
    static MastodonDialect parseSetting(String setting) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("auto")) return null;
        for (MastodonDialect d : values()) if (d.id.equals(s)) return d;
        if (s.equals("truth") || s.equals("truth-social")) return TRUTHSOCIAL;
        if (s.equals("akkoma")) return PLEROMA;
        throw new UserException("--dialect must be auto, mastodon, gab, truthsocial, gotosocial or pleroma, not '" + setting + "'");
    }

    /**
     * The software name as the dataset records it ({@code platform_software}): the dialect's id for the servers
     * the adapter knows ({@code gabsocial} → {@code gab}), else the name as the server gave it, lower-cased.
     */
    static String softwareName(String nodeinfoName) {
        if (nodeinfoName == null) return null;
        String n = nodeinfoName.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.length() > 64) return null;
        MastodonDialect d = fromNodeinfo(n);
        return d == GAB || d == TRUTHSOCIAL ? d.id : n;
    }

    /** What a nodeinfo {@code software.name} implies; Mastodon for names the adapter does not know. */
    static MastodonDialect fromNodeinfo(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "").replace("_", "");
        switch (n) {
            case "gab": case "gabsocial": return GAB;
            case "truthsocial": return TRUTHSOCIAL;
            case "gotosocial": return GOTOSOCIAL;
            case "pleroma": case "akkoma": return PLEROMA;
            default: return MASTODON;
        }
    }

    /** What an instance {@code version} string tells, or null when it reads like plain Mastodon. */
    static MastodonDialect fromInstanceVersion(String version) {
        if (version == null) return null;
        String v = version.toLowerCase(Locale.ROOT).replace(" ", "");
        if (v.contains("truthsocial")) return TRUTHSOCIAL;
        if (v.contains("gabsocial")) return GAB;
        if (v.contains("pleroma") || v.contains("akkoma")) return PLEROMA;
        if (v.contains("gotosocial")) return GOTOSOCIAL;
        return null;
    }

    /**
     * The dialect from what detection saw: the instance version's tell wins (Truth Social's nodeinfo, if any,
     * reads Mastodon), then nodeinfo, then Mastodon.
     */
    static MastodonDialect detect(String nodeinfoName, String instanceVersion) {
        MastodonDialect byVersion = fromInstanceVersion(instanceVersion);
        if (byVersion != null) return byVersion;
        if (nodeinfoName != null) return fromNodeinfo(nodeinfoName);
        return MASTODON;
    }
}
