package io.lastlight.build;

import io.lastlight.core.UserException;
import io.lastlight.warc.WarcFileNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which WARC files a folder given as {@code --in} holds, one rule for every store it may be on (the local build's
 * {@link DatasetBuilder#warcFiles} on the local disk, the Spark job's on any Hadoop FileSystem): the files of its
 * {@code warc/} folder if it has one (a crawl's output), else its own; when it holds neither, those of each folder in
 * it (the workers' output folders of a crawl shared by several workers, gathered in one place: one crawl). Sorted by
 * file name; still-open files ({@link WarcFileNames#OPEN_SUFFIX}) are reported as ignored; two files of one name in
 * different folders are refused ({@link #requireDistinctNames}).
 *
 * @param <F> how the store names a file or folder
 */
public final class WarcFolders<F> {
    /** What the rule needs of a store. */
    public interface Store<F> {
        /** The entries of folder {@code dir}, in any order. */
        List<F> list(F dir) throws IOException;

        /** Whether {@code f} exists and is a folder. */
        boolean isDirectory(F f) throws IOException;

        F child(F dir, String name);

        String name(F f);
    }

    private final Store<F> store;

    public WarcFolders(Store<F> store) {
        this.store = store;
    }

    /** The WARC files under folder {@code in}, by the rule above; {@code ignored} gets the still-open files. */
    public List<F> select(F in, List<String> ignored) throws IOException {
        List<F> out = filesIn(in, ignored);
        if (!out.isEmpty() || store.isDirectory(store.child(in, "warc"))) return out;
        List<F> subs = new ArrayList<>();
        for (F f : store.list(in)) if (store.isDirectory(f)) subs.add(f);
        subs.sort(Comparator.comparing(store::name));
        for (F sub : subs) out.addAll(filesIn(sub, ignored));
        out.sort(Comparator.comparing(store::name));
        requireDistinctNames(in, out);
        return out;
    }

    private List<F> filesIn(F in, List<String> ignored) throws IOException {
        F warc = store.child(in, "warc");
        F dir = store.isDirectory(warc) ? warc : in;
        List<F> entries = new ArrayList<>(store.list(dir));
        entries.sort(Comparator.comparing(store::name));
        List<F> out = new ArrayList<>();
        for (F f : entries) {
            String n = store.name(f);
            if (n.endsWith(WarcFileNames.OPEN_SUFFIX)) ignored.add(n + " (still open: a crawl is running or crashed; resume it to close the file)");
            else if (WarcFileNames.isArchive(n) && !store.isDirectory(f)) out.add(f);
        }
        return out;
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
