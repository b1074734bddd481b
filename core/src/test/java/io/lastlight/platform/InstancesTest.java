package io.lastlight.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The instance of a captured URL: lower-cased host, a port only when it is not the scheme's default. */
class InstancesTest {
    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "https://gab.com/api/v1/accounts/1, gab.com",
            "https://Mastodon.Social/api/v1/accounts/1, mastodon.social",
            "https://truthsocial.com:443/api/v1/instance, truthsocial.com",
            "http://127.0.0.1:8080/api/v1/accounts/1, 127.0.0.1:8080",
            "http://example.org:80/a, example.org",
            "https://example.org:80/a, example.org:80",
            "https://user@social.example:8443/a, social.example:8443",
            "https://my_server.example/api/v1/accounts/1, my_server.example",
            "https://example.org./a, example.org",
            "http://[::1]:8080/a, [::1]:8080",
            "http://[::1]/a, [::1]",
            "/api/v1/accounts/1, NULL",
            "urn:uuid:0b7c, NULL",
    })
    void hostWithANonDefaultPort(String uri, String instance) {
        assertEquals(instance, Instances.of(URI.create(uri)));
    }
}
