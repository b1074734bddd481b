package io.lastlight.simulate.world;

import java.util.List;

/** The hashtag feeds of a {@link World}: a permutation of post indices; the first 35% carry one hashtag by blocks over tags. */
final class HashtagFeeds {
    private final long taggedCount;
    private final Perm tagPerm;
    private final ZipfBlocks tagBlocks;
    private final long postCount;

    HashtagFeeds(long seed, long postCount) {
        this.postCount = postCount;
        this.taggedCount = Math.round(postCount * 0.35);
        this.tagPerm = new Perm(Math.max(1, postCount), Mix.hash(seed, 8, 0));
        this.tagBlocks = new ZipfBlocks(taggedCount, Words.TAGS.length, 1.1, 1.0);
    }

    String hashtagOf(long post) {
        long q = tagPerm.apply(post);
        return q < taggedCount ? Words.TAGS[(int) tagBlocks.member(q)] : null;
    }

    List<String> hashtags() { return List.of(Words.TAGS); }

    long tagCount(String tag) {
        int t = tagIndex(tag);
        return t < 0 ? 0 : tagBlocks.size(t);
    }

    long tagPost(String tag, long i) {
        int t = tagIndex(tag);
        return tagPerm.inverse(tagBlocks.start(t) + i);
    }

    long tagPosition(String tag, long post) {
        int t = tagIndex(tag);
        if (t < 0 || post < 0 || post >= postCount) return -1;
        long q = tagPerm.apply(post);
        long s = tagBlocks.start(t);
        return q >= s && q < s + tagBlocks.size(t) ? q - s : -1;
    }

    private static int tagIndex(String tag) {
        if (tag == null) return -1;
        String t = tag.startsWith("#") ? tag.substring(1) : tag;
        for (int i = 0; i < Words.TAGS.length; i++) if (Words.TAGS[i].equalsIgnoreCase(t)) return i;
        return -1;
    }
}
