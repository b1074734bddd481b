package io.lastlight.build;

import io.lastlight.core.UserException;
import io.lastlight.warc.WarcFileNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which WARC files a folder given as {@code --in} holds, one rule for every store it may be on (the local build's
 * {@link DatasetBuilder#warcFiles} on the local disk, the Spark job's on any Hadoop FileSystem): every WARC or ARC file
 * anywhere under it, whatever the layout — a crawl's output ({@code warc/}), Heritrix's {@code warcs/}, Browsertrix's
 * {@code archive/}, folders by month, the workers' output folders of a crawl shared by several workers, files beside
 * them — as cdxj-indexer and pywb's collection indexing read a folder. Sorted by file name. WACZ packages go to a list
 * of their own for a reader that opens them (the local build: {@link LocalWarcs}); for one that does not (the Spark
 * job, {@code lastlight package}) they are ignored. Every other WARC-like file under it is listed in {@code ignored}
 * with the reason and what to do ({@link #whyIgnored}): still open, hidden, a compression build cannot read, empty. Two
 * files of one name in different folders are refused ({@link #requireDistinctNames}).
 *
 * @param <F> how the store names a file or folder
 */
public final class WarcFolders<F> {
    /** Folders deeper than this under {@code --in} are not read (a link loop); each is listed as ignored. */
    static final int MAX_DEPTH = 12;

    /** What the rule needs of a store. */
    public interface Store<F> {
        /** The entries of folder {@code dir}, in any order. */
        List<F> list(F dir) throws IOException;

        /** Whether {@code f} exists and is a folder. */
        boolean isDirectory(F f) throws IOException;

        F child(F dir, String name);

        String name(F f);

        /** The file's size in bytes (-1 when the store cannot say). */
        default long size(F f) throws IOException {
            return -1;
        }

        /** What tells two names of one folder apart (a link to a folder already read is not read twice). */
        default Object identity(F dir) throws IOException {
            return dir;
        }
    }

    private final Store<F> store;

    public WarcFolders(Store<F> store) {
        this.store = store;
    }

    /**
     * The WARC files under folder {@code in}, by the rule above; {@code ignored} gets each WARC-like file that is not
     * one of them, as "PATH (reason: what to do)", PATH relative to {@code in}.
     */
    public List<F> select(F in, List<String> ignored) throws IOException {
        return select(in, ignored, null);
    }

    /**
     * As {@link #select(Object, List)}; when {@code packages} is not null, the WACZ files under {@code in} (not hidden,
     * not empty) go to it instead of {@code ignored}, sorted by name, for a reader of the WARC files inside them.
     */
    public List<F> select(F in, List<String> ignored, List<F> packages) throws IOException {
        List<F> out = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        seen.add(store.identity(in));
        walk(in, "", 0, false, out, ignored, seen, packages);
        out.sort(Comparator.comparing(store::name));
        requireDistinctNames(in, out);
        if (packages != null) {
            packages.sort(Comparator.comparing(store::name));
            requireDistinctNames(in, packages);
        }
        return out;
    }

    private void walk(F dir, String rel, int depth, boolean hidden, List<F> out, List<String> ignored, Set<Object> seen,
                      List<F> packages) throws IOException {
        List<F> entries = new ArrayList<>(store.list(dir));
        entries.sort(Comparator.comparing(store::name));
        for (F f : entries) {
            String n = store.name(f);
            String path = rel + n;
            boolean hid = hidden || n.startsWith(".");
            if (store.isDirectory(f)) {
                if (!seen.add(store.identity(f))) continue; // a link to a folder read already
                if (depth + 1 > MAX_DEPTH) {
                    ignored.add(path + "/ (more than " + MAX_DEPTH + " folders below --in, a link loop?: give that folder as --in)");
                } else {
                    walk(f, path + "/", depth + 1, hid, out, ignored, seen, packages);
                }
                continue;
            }
            if (packages != null && !hid && isPackage(n)) {
                if (store.size(f) == 0) ignored.add(path + " (" + EMPTY + ")");
                else packages.add(f);
                continue;
            }
            String why = whyIgnored(n, hid);
            if (why == null && WarcFileNames.isArchive(n) && store.size(f) == 0) why = EMPTY;
            if (why != null) ignored.add(path + " (" + why + ")");
            else if (WarcFileNames.isArchive(n)) out.add(f);
        }
    }

    /** A WACZ package's name. */
    static boolean isPackage(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".wacz");
    }

    private static final String OTHER_WARC =
            ".*\\.w?arc(\\.gz|\\.zst)?\\.(bz2|xz|lz4|lzma|br|zip|7z|zstd|gzip|part|partial|tmp|crdownload|download)";

    static final String EMPTY = "empty file: 0 bytes, no WARC records; copy it again from its source if it should hold some";

    /**
     * Why a file named {@code name} is not read though it looks like a WARC file, or null (it is read if
     * {@link WarcFileNames#isArchive}, else it is no WARC file and not mentioned). {@code hidden}: its name or a folder's
     * on the way to it starts with a dot.
     */
    static String whyIgnored(String name, boolean hidden) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(WarcFileNames.OPEN_SUFFIX) && WarcFileNames.isArchive(n.substring(0, n.length() - WarcFileNames.OPEN_SUFFIX.length()))) {
            return "still open: a crawl is running or crashed; resume it to close the file";
        }
        if (isPackage(n)) {
            return hidden ? "hidden: its name or a folder's starts with '.', as tools' temporary files do; rename it to build it"
                    : "a WACZ package: only the local build (lastlight build --in) reads the WARC files inside one;"
                      + " here unzip it, and give its archive/ folder";
        }
        // another compression, or a download not finished; an index or checksum beside a WARC file (.cdxj, .sha1) is not one
        boolean warcLike = WarcFileNames.isArchive(n) || n.matches(OTHER_WARC);
        if (!warcLike) return null;
        if (hidden) {
            return "hidden: its name or a folder's starts with '.', as tools' temporary files do; rename it to build it";
        }
        if (!WarcFileNames.isArchive(n)) {
            return "not a name build reads (.warc, .warc.gz, .warc.zst, .arc, .arc.gz): if it is a whole WARC file,"
                    + " decompress it or recompress it with gzip, and name it so";
        }
        return null;
    }

    /**
     * A WARC file is known by its file name alone: a row's {@code warc_file}, its observation files
     * ({@code TABLE/<name>.parquet}), its manifest entry, a WACZ's {@code archive/} entry, and the folder 'lastlight
     * evidence' finds it in. Two files of one name in different folders (workers that each wrote crawl.warc.gz) would
     * overwrite each other's rows, so they stop the build before anything is read.
     */
    void requireDistinctNames(F in, List<F> warcs) {
        Map<String, List<F>> byName = new LinkedHashMap<>();
        for (F w : warcs) byName.computeIfAbsent(store.name(w), k -> new ArrayList<>()).add(w);
        List<String> clashes = new ArrayList<>();
        byName.forEach((name, files) -> {
            if (files.size() > 1) clashes.add(name + " (" + String.join(", ", files.stream().map(Object::toString).toList()) + ")");
        });
        if (clashes.isEmpty()) return;
        throw new UserException("WARC files with the same name in different folders of " + in + ": " + String.join("; ", clashes)
                + ". A dataset or WACZ knows a WARC file by its name alone (warc_file, TABLE/<name>.parquet, archive/<name>),"
                + " so one would overwrite the other: build or package those folders separately (one --in and one --out"
                + " each), or rename one of the files (keeping its extension) and run again");
    }
}
