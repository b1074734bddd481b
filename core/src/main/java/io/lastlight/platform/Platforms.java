package io.lastlight.platform;

import io.lastlight.core.UserException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The platform adapters on the class path, by name. Each adapter registers itself in
 * {@code META-INF/services/io.lastlight.platform.Platform} (one line, its class name) and is found with
 * {@link ServiceLoader}: nothing here names a platform, and a jar on the class path adds one.
 */
public final class Platforms {
    private Platforms() {}

    /** The adapters found, by {@link Platform#name()}, in name order; a fresh instance of each per call. */
    public static Map<String, Platform> all() {
        Map<String, Platform> out = new TreeMap<>();
        for (Platform p : ServiceLoader.load(Platform.class, classLoader())) {
            Platform prev = out.putIfAbsent(p.name(), p);
            if (prev != null && prev.getClass() != p.getClass()) {
                throw new IllegalStateException("two platform adapters are named '" + p.name() + "': "
                        + prev.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return out;
    }

    public static List<String> names() {
        return new ArrayList<>(all().keySet());
    }

    /** A new adapter with default options; a user error naming the known platforms when there is none. */
    public static Platform byName(String name) {
        Platform p = all().get(name);
        if (p == null) {
            throw new UserException("unknown platform '" + name + "'; known platforms: " + String.join(", ", names()));
        }
        return p;
    }

    private static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : Platforms.class.getClassLoader();
    }
}
