package io.lastlight.platform;

import java.util.Optional;

/** The default titles of replay pages ({@link Platform#pageTitle}), read from what the adapter extracts. */
public final class PageTitles {
    /** Longest title, in code points; longer ones end in an ellipsis. */
    public static final int TITLE_MAX = 120;

    private PageTitles() {}

    /** "@user — Display Name" for a profile capture, "Post by @user: text" for a post capture. */
    public static Optional<String> of(Platform platform, Capture c) {
        String kind = platform.kindOf(c.uri());
        Extraction e = platform.extract(c);
        if (!Extraction.OK.equals(e.status())) return Optional.empty();
        if (Kinds.PROFILE.equals(kind)) {
            for (ProfileObservation p : e.profiles()) {
                if (ProfileObservation.SOURCE_PROFILE.equals(p.source())) return Optional.of(profile(p));
            }
            return Optional.empty();
        }
        if (e.posts().isEmpty()) return Optional.empty();
        PostObservation post = e.posts().get(0);
        String author = null;
        for (ProfileObservation p : e.profiles()) {
            if (p.userId() != null && p.userId().equals(post.authorId()) && p.username() != null) author = p.username();
        }
        String text = post.text() == null ? "" : post.text().strip().replaceAll("\\s+", " ");
        String who = author == null ? "Post " + post.postId() : "Post by @" + author;
        return Optional.of(shorten(text.isEmpty() ? who : who + ": " + text));
    }

    /** "@user — Display Name", or "@user" without a display name. */
    public static String profile(ProfileObservation p) {
        String name = p.displayName() == null ? "" : p.displayName().strip();
        String handle = p.username() == null ? "user " + p.userId() : "@" + p.username();
        return shorten(name.isEmpty() ? handle : handle + " — " + name);
    }

    /** At most {@link #TITLE_MAX} code points. */
    public static String shorten(String s) {
        if (s.codePointCount(0, s.length()) <= TITLE_MAX) return s;
        return s.substring(0, s.offsetByCodePoints(0, TITLE_MAX - 1)) + "…";
    }
}
