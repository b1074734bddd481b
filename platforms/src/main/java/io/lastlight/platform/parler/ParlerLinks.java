package io.lastlight.platform.parler;

import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.LinkObservation;

import java.net.URI;

/**
 * Captures of Parler's link shortener ({@code https://api.parler.com/l/<id>}, {@code https://par.pw/l/<id>}):
 * ArchiveTeam's grab fetched them and stored the redirect. A 3xx answer with a Location header is a link row
 * (the short URL, its id, the URL it redirects to); anything else says why it is not.
 */
final class ParlerLinks {
    private ParlerLinks() {}

    static Extraction redirect(Capture c) {
        int status = c.status();
        if (status < 300 || status > 399) {
            return Extraction.failed(Extraction.NOT_CONTENT, "link-shortener capture answered HTTP " + status + ", not a redirect");
        }
        String location = c.header("Location").map(String::trim).orElse(null);
        if (location == null || location.isEmpty()) {
            return Extraction.failed(Extraction.ERROR, "link-shortener redirect (HTTP " + status + ") without a Location header");
        }
        String target;
        try {
            target = c.uri().resolve(location.replace(" ", "%20")).toString();
        } catch (IllegalArgumentException e) {
            return Extraction.failed(Extraction.ERROR, "link-shortener redirect to an unreadable Location: " + ParlerCounts.abbreviate(location));
        }
        String path = c.uri().getPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        URI shortUrl = c.uri();
        return new Extraction().add(new LinkObservation(ParlerJson.PLATFORM, id, shortUrl.toString(), target,
                LinkObservation.SOURCE_REDIRECT, null, null, null, null));
    }
}
