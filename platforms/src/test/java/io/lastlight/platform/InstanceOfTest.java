package io.lastlight.platform;

import io.lastlight.platform.mastodon.MastodonPlatform;
import io.lastlight.platform.parler.ParlerPlatform;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which id space a capture's ids belong to: Mastodon's servers each number their own; Parler has one. */
class InstanceOfTest {
    @Test
    void aMastodonCapturesIdsBelongToTheServerThatAnsweredIt() {
        MastodonPlatform m = new MastodonPlatform();
        assertEquals("gab.com", m.instanceOf(URI.create("https://GAB.com/api/v1/accounts/1")));
        assertEquals("127.0.0.1:8080", m.instanceOf(URI.create("http://127.0.0.1:8080/api/v1/accounts/1/statuses")));
    }

    @Test
    void parlerHasOneIdSpace() {
        assertNull(new ParlerPlatform().instanceOf(URI.create("https://api.parler.com/v1/profile?username=alice")));
    }
}
