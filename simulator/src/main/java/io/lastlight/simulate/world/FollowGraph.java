package io.lastlight.simulate.world;

import static io.lastlight.simulate.world.World.LAYERS;

/**
 * The follow graph of a {@link World} (see its class comment, "Follow graph"): in each of {@value World#LAYERS}
 * layers, keyed permutations of the social ranks and heavy-tailed blocks over positions, so that followers and
 * following lists are consistent and enumerable without an edge table.
 */
final class FollowGraph {
    private final World world;
    private final int social;
    private final Perm[] layerPerm = new Perm[LAYERS];
    private final long[] layerM = new long[LAYERS];
    private final ZipfBlocks[] layerBlocks = new ZipfBlocks[LAYERS];

    FollowGraph(World world, long seed, int social) {
        this.world = world;
        this.social = social;
        for (int j = 0; j < LAYERS; j++) {
            layerPerm[j] = new Perm(social, Mix.hash(seed, 3, j));
            layerM[j] = (long) Math.floor(social * Math.min(1.0, 1.2 / (1 + 0.35 * j)));
            long members = j < social ? (social - j + LAYERS - 1) / LAYERS : 0;
            layerBlocks[j] = new ZipfBlocks(members == 0 ? 0 : layerM[j], members, 1.3, 1.0);
        }
    }

    long followersCount(int index) {
        int t = world.popularityRank(index);
        if (t >= social) return 0;
        int j = t % LAYERS;
        long k = t / LAYERS;
        ZipfBlocks zb = layerBlocks[j];
        long b = zb.start(k), s = zb.size(k);
        long self = layerPerm[j].apply(t);
        return self >= b && self < b + s ? s - 1 : s;
    }

    int[] followers(int index, long offset, int limit) {
        long count = followersCount(index);
        if (offset >= count || limit <= 0) return new int[0];
        int t = world.popularityRank(index);
        int j = t % LAYERS;
        long k = t / LAYERS;
        long b = layerBlocks[j].start(k), s = layerBlocks[j].size(k);
        long self = layerPerm[j].apply(t);
        boolean selfIn = self >= b && self < b + s;
        int m = (int) Math.min(limit, count - offset);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            long pos = b + offset + i;
            if (selfIn && pos >= self) pos++;
            out[i] = world.indexOfRank((int) layerPerm[j].inverse(pos));
        }
        return out;
    }

    int[] following(int index) {
        int r = world.popularityRank(index);
        if (r >= social) return new int[0];
        int[] tmp = new int[LAYERS];
        int c = 0;
        for (int j = 0; j < LAYERS; j++) {
            if (layerBlocks[j].members() == 0) continue;
            long pos = layerPerm[j].apply(r);
            if (pos >= layerM[j]) continue;
            long t = layerBlocks[j].member(pos) * LAYERS + j;
            if (t == r) continue;
            tmp[c++] = world.indexOfRank((int) t);
        }
        return java.util.Arrays.copyOf(tmp, c);
    }

    int followingCount(int index) {
        int r = world.popularityRank(index);
        if (r >= social) return 0;
        int c = 0;
        for (int j = 0; j < LAYERS; j++) {
            if (layerBlocks[j].members() == 0) continue;
            long pos = layerPerm[j].apply(r);
            if (pos >= layerM[j]) continue;
            if (j == r % LAYERS && layerBlocks[j].member(pos) * LAYERS + j == r) continue;
            c++;
        }
        return c;
    }
}
