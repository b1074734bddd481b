package io.lastlight.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The software version, from the build. Used in --version, the User-Agent, warcinfo and dataset manifests. */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    public static String get() {
        return VERSION;
    }

    /** {@code lastlight/0.1.0}, the software token for warcinfo and manifests. */
    public static String software() {
        return "lastlight/" + VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/io/lastlight/core/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
