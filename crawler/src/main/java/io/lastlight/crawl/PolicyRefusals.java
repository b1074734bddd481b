package io.lastlight.crawl;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Items the platform refused by policy in this session ({@link io.lastlight.platform.Platform#policyRefusal}):
 * endpoints open only to logged-in users, such as anonymous paging answered 429 or follower lists answered 401.
 * Each such item ended where the platform stopped it: the list it belongs to is truncated, not failed. Counted
 * by kind, with the accounts (list owners) so truncated, for {@code coverage.json}. Thread-safe.
 */
public final class PolicyRefusals {
    /** How coverage.json and the log name what these items are. */
    public static final String LABEL = "truncated by platform policy (needs a token)";

    private final Map<String, Long> byKind = new ConcurrentHashMap<>();
    private final Set<String> owners = ConcurrentHashMap.newKeySet();
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final AtomicBoolean announced = new AtomicBoolean();

    /** Records one refused item; true the first time in this session (the crawl says so once). */
    boolean record(String kind, String owner, String reason) {
        byKind.merge(kind, 1L, Long::sum);
        if (owner != null) owners.add(owner);
        reasons.putIfAbsent(kind, reason);
        return announced.compareAndSet(false, true);
    }

    public long total() {
        long n = 0;
        for (long v : byKind.values()) n += v;
        return n;
    }

    /** Distinct accounts whose lists the policy cut short. */
    public long accounts() {
        return owners.size();
    }

    public Map<String, Long> byKind() {
        return new TreeMap<>(byKind);
    }

    /** The platform's reason per kind (the first one met). */
    public Map<String, String> reasons() {
        return new TreeMap<>(reasons);
    }
}
