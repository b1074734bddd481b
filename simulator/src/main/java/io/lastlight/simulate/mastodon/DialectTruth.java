package io.lastlight.simulate.mastodon;

import io.lastlight.simulate.world.World;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ground truth for the Gab face without a token: what a crawl can capture when an account shows an anonymous
 * client only its newest {@value MastodonDialects#GAB_WINDOW_POSTS} statuses of the last
 * {@value MastodonDialects#GAB_WINDOW_DAYS} days, follower lists and threads need a token, and paging is refused.
 * (With a token, and on the Truth Social face, a crawl can reach what the stock face shows: see
 * {@link io.lastlight.simulate.GroundTruth} and the replies on top.)
 *
 * <p>From the seed accounts: each reached account's window; a reblog in a window shows the reblogged status
 * (observed) and leads to its author's account, whose window is read in turn. The public timeline's first page
 * ({@code limit=40}) is read once and leads nowhere, but its statuses, reblogged statuses and their authors are
 * observed. Suspended accounts are reached but show no statuses.
 *
 * @param fetchedAccounts accounts whose own page a crawl fetches (by lookup or id)
 * @param accounts every account a crawl observes (fetched, or embedded as the author of an observed status)
 * @param statuses every status a crawl observes (Mastodon ids)
 * @param truncatedAccounts fetched accounts that are not suspended: the platform refuses to page past their window
 */
public record DialectTruth(Set<String> fetchedAccounts, Set<String> accounts, Set<String> statuses,
                           Set<String> truncatedAccounts) {
    static final int TIMELINE_PAGE = 40;

    public static DialectTruth anonymousGab(World w, Instant now, List<String> seedUsers) {
        BitSet fetched = new BitSet(w.users());
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (String name : seedUsers) {
            int u = w.userIndexOfName(name.startsWith("@") ? name.substring(1) : name);
            if (u >= 0 && !fetched.get(u)) {
                fetched.set(u);
                queue.add(u);
            }
        }
        Set<String> statuses = new TreeSet<>(), accounts = new TreeSet<>(), truncated = new TreeSet<>();
        while (!queue.isEmpty()) {
            int u = queue.poll();
            if (!w.banned(u, now)) truncated.add(MastodonApi.accountId(w, u));
            for (long p : MastodonDialects.window(w, u, now)) {
                int next = observe(w, p, statuses, accounts);
                if (next >= 0 && !fetched.get(next)) {
                    fetched.set(next);
                    queue.add(next);
                }
            }
        }
        // The public timeline: newest listed statuses first; observed, not followed.
        int n = 0;
        for (long p = w.postCount() - 1; p >= 0 && n < TIMELINE_PAGE; p--) {
            if (!w.listed(p, now)) continue;
            observe(w, p, statuses, accounts);
            n++;
        }
        Set<String> fetchedIds = new TreeSet<>();
        for (int u = fetched.nextSetBit(0); u >= 0; u = fetched.nextSetBit(u + 1)) fetchedIds.add(MastodonApi.accountId(w, u));
        accounts.addAll(fetchedIds);
        return new DialectTruth(fetchedIds, accounts, statuses, truncated);
    }

    /** Records a status (and the one it reblogs) and their authors; returns the reblogged author, or -1. */
    private static int observe(World w, long p, Set<String> statuses, Set<String> accounts) {
        statuses.add(MastodonApi.statusId(w, p));
        accounts.add(MastodonApi.accountId(w, w.creatorOf(p)));
        long parent = w.post(p).parent();
        if (parent < 0) return -1;
        statuses.add(MastodonApi.statusId(w, parent));
        int author = w.creatorOf(parent);
        accounts.add(MastodonApi.accountId(w, author));
        return author;
    }
}
