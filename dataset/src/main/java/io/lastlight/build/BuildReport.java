package io.lastlight.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a build did: files extracted or skipped, rows per table, parse outcomes, damaged files. */
public final class BuildReport {
    public int warcFiles;
    public int extracted;
    public int skipped;
    public final Map<String, Long> rows = new LinkedHashMap<>();
    public final Map<String, Long> parseStatus = new LinkedHashMap<>();
    public final List<String> damage = new ArrayList<>();
    /** Captures per digest_check value (all files of the dataset, revisits included), and how many mismatch. */
    public final Map<String, Long> digestCheck = new LinkedHashMap<>();
    public long digestMismatches;
    public final List<String> ignored = new ArrayList<>();
    /** Revisit records: resolved (parsed from their original's payload) and unresolved; empty if there are none. */
    public final Map<String, Long> revisits = new LinkedHashMap<>();
}
