package io.lastlight.platform;

import io.lastlight.core.UserException;
import io.lastlight.platform.mastodon.MastodonPlatform;
import io.lastlight.platform.parler.ParlerPlatform;

import java.util.List;

/** The adapters this build knows, by name. */
public final class Platforms {
    private Platforms() {}

    public static List<String> names() {
        return List.of("parler", "mastodon");
    }

    public static Platform byName(String name) {
        switch (name) {
            case "parler": return new ParlerPlatform();
            case "mastodon": return new MastodonPlatform();
            default:
                throw new UserException("unknown platform '" + name + "'; known platforms: " + String.join(", ", names()));
        }
    }
}
