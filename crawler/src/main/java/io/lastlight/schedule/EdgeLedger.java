package io.lastlight.schedule;

import java.util.Arrays;

/**
 * Edge accounting for profile discovery: per account, the follower and following counts its profile
 * announced and how many of those edges the crawl has seen, from the account's own list pages and from
 * other accounts' pages (an edge a→b is in b's followers list and in a's following list). A list whose
 * edges have all been seen cannot reveal an account the crawl does not know.
 * <p>
 * An edge may be seen from both sides, and this ledger keeps no edge set (that would be as large as the
 * graph), so it counts the two sides apart and takes the larger as the edges seen: never more than the
 * distinct edges seen, so a list is never written off while it may still hold an unseen edge.
 * <p>
 * Memory: an open-addressing table keyed by a 64-bit hash of the account id (32 bytes a slot, at most 60%
 * of slots used: under 110 bytes per account, about 100 MB at a million accounts), no objects per entry.
 */
public final class EdgeLedger {
    /** Slots per account: announced followers, announced following, own in, own out, others' in, others' out. */
    private static final int W = 6;
    private static final int FOLLOWERS = 0, FOLLOWING = 1, OWN_IN = 2, OWN_OUT = 3, OTHER_IN = 4, OTHER_OUT = 5;
    private static final int UNKNOWN = -1;

    private long[] keys = new long[1024];
    private int[] vals = new int[1024 * W];
    private int size;

    /** A profile announced these counts (the upper ends of rounded display counts, e.g. "3.2k" → 3299). */
    public synchronized void announce(String accountId, long followers, long following) {
        int s = slot(accountId);
        vals[s * W + FOLLOWERS] = clamp(followers);
        vals[s * W + FOLLOWING] = clamp(following);
    }

    /**
     * One captured page of {@code owner}'s followers ({@code followersList}) or following list, holding
     * {@code others}: their ids.
     */
    public synchronized void page(String owner, boolean followersList, Iterable<String> others) {
        int n = 0;
        for (String o : others) {
            n++;
            add(slot(o), followersList ? OTHER_OUT : OTHER_IN, 1);
        }
        add(slot(owner), followersList ? OWN_IN : OWN_OUT, n);
    }

    /**
     * Edges of {@code owner}'s followers (or following) list not seen yet, or -1 when its profile has not
     * announced its counts (nothing is known).
     */
    public synchronized long unseen(String owner, boolean followersList) {
        int s = find(owner);
        if (s < 0) return UNKNOWN;
        int announced = vals[s * W + (followersList ? FOLLOWERS : FOLLOWING)];
        if (announced == UNKNOWN) return UNKNOWN;
        int seen = Math.max(vals[s * W + (followersList ? OWN_IN : OWN_OUT)], vals[s * W + (followersList ? OTHER_IN : OTHER_OUT)]);
        return Math.max(0, announced - seen);
    }

    /** The followers {@code owner}'s profile announced, or -1 before its profile was captured. */
    public synchronized long followers(String owner) {
        int s = find(owner);
        return s < 0 ? UNKNOWN : vals[s * W + FOLLOWERS];
    }

    public synchronized int accounts() {
        return size;
    }

    private void add(int s, int field, int n) {
        long v = (long) vals[s * W + field] + n;
        vals[s * W + field] = (int) Math.min(Integer.MAX_VALUE, v);
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }

    private int find(String id) {
        long h = hash(id);
        int mask = keys.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (keys[i] == h) return i;
            if (keys[i] == 0) return -1;
        }
    }

    private int slot(String id) {
        if ((size + 1) * 10L > keys.length * 6L) grow();
        long h = hash(id);
        int mask = keys.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (keys[i] == h) return i;
            if (keys[i] == 0) {
                keys[i] = h;
                vals[i * W + FOLLOWERS] = UNKNOWN;
                vals[i * W + FOLLOWING] = UNKNOWN;
                size++;
                return i;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldVals = vals;
        keys = new long[oldKeys.length * 2];
        vals = new int[keys.length * W];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == 0) continue;
            int i = (int) oldKeys[j] & mask;
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            System.arraycopy(oldVals, j * W, vals, i * W, W);
        }
        Arrays.fill(oldVals, 0);
    }

    /** FNV-1a over the id's chars, finished with SplitMix64's mixer; never 0 (the empty slot). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h;
    }
}
