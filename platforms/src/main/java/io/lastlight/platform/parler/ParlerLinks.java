package io.lastlight.platform.parler;

import com.fasterxml.jackson.databind.JsonNode;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.LinkObservation;
import io.lastlight.platform.PostObservation;

import java.net.URI;

/**
 * Link rows: from API pages' {@code urls[]} ({@link #fromUrls}), and from captures of Parler's link shortener
 * ({@code https://api.parler.com/l/<id>}, {@code https://par.pw/l/<id>}): ArchiveTeam's grab fetched them and stored
 * the redirect. A 3xx answer with a Location header is a link row (the short URL, its id, the URL it redirects to);
 * anything else says why it is not.
 */
final class ParlerLinks {
    private ParlerLinks() {}

    /**
     * Link rows from a page's {@code urls[]}: the link objects its posts' {@code links[]} name by {@code _id}
     * ({@code {_id, short, long, domain, metadata}}; parlance's {@code _reparent_all} resolves them so). The posts keep
     * the ids as served; these rows give each id its short and long URL, with the first of the page's posts (in
     * {@code out}) that names it. An entry without {@code _id}, or with neither URL, is not a link row.
     */
    static void fromUrls(Extraction out, JsonNode urls) {
        if (!urls.isArray() || urls.isEmpty()) return;
        java.util.Map<String, String> postOf = new java.util.HashMap<>();
        for (PostObservation p : out.posts()) {
            for (String id : p.links()) postOf.putIfAbsent(id, p.postId());
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode u : urls) {
            String id = ParlerJson.text(u, "_id");
            String shortUrl = blankToNull(ParlerJson.text(u, "short"));
            String longUrl = blankToNull(ParlerJson.text(u, "long"));
            if (id == null || (shortUrl == null && longUrl == null) || !seen.add(id)) continue;
            JsonNode meta = u.path("metadata");
            out.add(new LinkObservation(ParlerJson.PLATFORM, id, shortUrl, longUrl, LinkObservation.SOURCE_API,
                    postOf.get(id), null, blankToNull(ParlerJson.text(meta, "title")),
                    blankToNull(ParlerJson.text(meta, "description"))));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

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
