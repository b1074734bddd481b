package io.lastlight.platform;

/**
 * An outbound link as one capture showed it: a link-shortener URL ({@code shortUrl}, e.g. Parler's
 * {@code https://api.parler.com/l/<id>}) and, where the capture showed it, the URL it stands for.
 *
 * @param source   {@code redirect} (a capture of the short URL answered 3xx with Location = longUrl),
 *                 {@code card} (a post's link or article card showed both) or {@code api} (an API response's
 *                 link object showed both, e.g. an entry of Parler's {@code urls[]})
 * @param postId   the post whose card (or, from the API, whose links) showed the link (null for a redirect)
 * @param cardKind article, website, basic, video, iframe-embed or audio (the card's kind; null for a redirect)
 */
public record LinkObservation(String platform, String linkId, String shortUrl, String longUrl, String source,
                              String postId, String cardKind, String title, String excerpt) {
    public static final String SOURCE_REDIRECT = "redirect";
    public static final String SOURCE_CARD = "card";
    public static final String SOURCE_API = "api";
}
