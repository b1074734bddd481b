package io.lastlight.classify;

/**
 * The classification seam: text in, {@link Label} out. Implementations must be thread-safe (one instance is shared
 * by the pipeline's worker threads) and deterministic for a given {@link #version()}.
 */
public interface Classifier {
    /** Classifies one post's text (may be empty; never null). */
    Label classify(String text);

    /**
     * Classifies one post given the platform's language code ({@code posts.lang}, may be null): a post outside the
     * classifier's scope ({@link LanguageScope#reason}: not English) gets {@link Label#unlabelled}, the others
     * {@link #classify(String)}.
     */
    default Label classify(String text, String lang) {
        String reason = LanguageScope.reason(text, lang);
        return reason != null ? Label.unlabelled(reason, version()) : classify(text);
    }

    /** A version that changes whenever the classifier's behaviour can change, e.g. {@code rules-1.0+3f2a9c01b7de}. */
    String version();

    /** A short name, e.g. {@code rules}. */
    String name();
}
