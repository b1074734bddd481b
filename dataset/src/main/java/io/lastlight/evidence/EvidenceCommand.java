package io.lastlight.evidence;

import io.lastlight.build.Manifest;
import io.lastlight.core.UserException;
import io.lastlight.extract.WarcFormat;
import io.lastlight.extract.WarcSource;
import io.lastlight.wacz.WaczWarcs;
import io.lastlight.query.Dataset;
import io.lastlight.query.ResultPrinter;
import io.lastlight.query.ResultTable;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** {@code lastlight evidence}: the captures behind a profile or post, and the raw bytes they hold. */
@Command(name = "evidence", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show every capture behind a user or a post: WARC file, offset, record id, capture time, payload " +
                "digest and URL, and the WACZ replay locator (timestamp/URL, for 'lastlight package' output in " +
                "ReplayWeb.page), so a figure can be checked against the original bytes. --extract writes each " +
                "capture's raw HTTP response (status line, headers, body as stored) and its decoded body to DIR, and " +
                "checks the record's WARC-Block-Digest and WARC-Payload-Digest against its bytes (a note on stderr per " +
                "capture: verified, or a MISMATCH when the stored bytes changed since the capture).",
                "A row parsed from a revisit record (an unchanged payload stored as a pointer) names both records: the " +
                "revisit and the original response whose bytes it relies on; --extract writes both and the original's body.",
                "Mastodon-API servers (Gab, Truth Social, Mastodon...) number their own accounts and statuses, so an id or " +
                "username can match accounts or posts of several servers: then every capture is shown with an instance " +
                "column, grouped by instance, and a note on stderr names the servers; --instance HOST shows one server's."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  evidence printed (the table or JSON on stdout; --extract's notes on stderr)",
                "  1  runtime failure (e.g. WARC files not found, --extract DIR cannot be made)",
                "  2  bad usage",
                "  3  no captures of that user or post in the dataset (stderr says so)"})
public final class EvidenceCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DATASET", required = true, description = "Dataset built by 'lastlight build'.")
    Path dataset;

    static final class What {
        @Option(names = "--user", paramLabel = "NAME", description = "Username (case-insensitive) or user id.")
        String user;

        @Option(names = "--post", paramLabel = "ID", description = "Post id.")
        String post;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(names = "--extract", paramLabel = "DIR", description = "Write each capture's raw HTTP response and body here.")
    Path extract;

    @Option(names = "--warc", paramLabel = "DIR", description = "Folder of the WARC files, or of the WACZ files a row's "
            + "warc_file (crawl.wacz#archive/data.warc.gz) names (default: as recorded in the dataset's manifest).")
    Path warcDir;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    ResultPrinter.Format format;

    @Option(names = "--instance", paramLabel = "HOST", description = "Only the captures of this server's account or post "
            + "(the dataset's instance column, e.g. gab.com or social.example:8443), when the id or name is used on several.")
    String instance;

    /**
     * A row that came from a revisit record also names the original response whose payload it relies on
     * (captures.refers_to_record_id): both records are evidence.
     */
    static final String ORIGINAL_COLUMNS = ", c.record_type, orig.warc_file AS original_warc_file,"
            + " orig.warc_offset AS original_warc_offset, orig.warc_record_id AS original_record_id,"
            + " orig.capture_time AS original_capture_time";
    static final String ORIGINAL_JOIN = " LEFT JOIN captures orig ON c.record_type = 'revisit' AND c.parse_status <> 'revisit-unresolved'"
            + " AND orig.warc_record_id = c.refers_to_record_id AND orig.record_type = 'response'";
    /**
     * The instance (server) of each row comes last, and rows are grouped by it (null, Parler's, first): {@link #find}
     * drops the column when every row has the same one. The last parameter is --instance, or null for every server.
     */
    static final String USER_SQL = "SELECT o.capture_time, o.source, o.username, o.followers_display, o.target_uri,"
            + " o.warc_file, o.warc_offset, o.warc_record_id, c.payload_digest, c.http_status" + ORIGINAL_COLUMNS + ", o.instance"
            + " FROM profile_observations o LEFT JOIN captures c USING (warc_file, warc_offset)" + ORIGINAL_JOIN
            + " WHERE (lower(o.username) = lower(?) OR o.user_id = ?) AND (CAST(? AS VARCHAR) IS NULL OR o.instance = lower(?))"
            + " ORDER BY o.instance NULLS FIRST, o.capture_time, o.warc_file, o.warc_offset";
    static final String POST_SQL = "SELECT e.capture_time, e.kind, e.target_uri, e.warc_file, e.warc_offset, e.warc_record_id,"
            + " c.payload_digest, c.http_status" + ORIGINAL_COLUMNS + ", e.instance FROM ("
            + " SELECT o.capture_time, CASE WHEN o.deleted THEN 'deleted-flag' ELSE 'present' END AS kind, o.target_uri,"
            + " o.warc_file, o.warc_offset, o.warc_record_id, o.instance FROM post_observations o WHERE o.post_id = ?"
            + " UNION ALL SELECT t.capture_time, 'gone-' || t.reason, t.target_uri, t.warc_file, t.warc_offset, t.warc_record_id, t.instance"
            + " FROM tombstones t WHERE t.item_type = 'post' AND t.item_id = ?) e"
            + " LEFT JOIN captures c ON c.warc_file = e.warc_file AND c.warc_offset = e.warc_offset" + ORIGINAL_JOIN
            + " WHERE CAST(? AS VARCHAR) IS NULL OR e.instance = lower(?)"
            + " ORDER BY e.instance NULLS FIRST, e.capture_time, e.warc_file, e.warc_offset";

    /** Exit code when the dataset holds no capture of the user or post asked for. */
    public static final int EXIT_NOT_FOUND = 3;

    @Override
    public Integer call() throws Exception {
        // Ids are often pasted or taken from 'query --format csv' output, whose lines end in CRLF.
        String user = what.user == null ? null : what.user.strip();
        String post = what.post == null ? null : what.post.strip();
        ResultTable rows = find(dataset, user, post, instance);
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        // stdout carries only the table (or CSV, JSON) so it can be piped; notes go to stderr.
        PrintWriter notes = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        String subject = user != null ? "user '" + user + "'" : "post '" + post + "'";
        if (rows.rows().isEmpty()) {
            java.util.List<String> elsewhere = instance == null ? java.util.List.of() : instances(query(dataset, user, post, null));
            notes.println("lastlight evidence: no captures in " + dataset + " for " + subject
                    + (user != null ? " (a username, case-insensitive, or a user id)" : " (a post id)")
                    + (instance == null ? "" : " on instance " + instance
                    + (elsewhere.isEmpty() ? "" : " (it has captures on: " + String.join(", ", elsewhere) + ")")));
            return EXIT_NOT_FOUND;
        }
        java.util.List<String> servers = instances(rows);
        if (servers.size() > 1) {
            notes.println(subject + " matches accounts or posts of " + servers.size() + " servers (" + String.join(", ", servers)
                    + "), which number their own ids: their captures are grouped by instance; pass --instance HOST for one server's");
        }
        Path warcs = null;
        if (extract != null) {
            warcs = warcDir != null ? warcDir : recordedWarcDir(dataset);
            createFolder(extract);
        }
        ResultPrinter.print(rows, format, out);
        if (extract != null) {
            for (int i = 0; i < rows.rows().size(); i++) {
                Path written = extract(warcs, rows, i, extract, String.format("%03d", i + 1));
                notes.println("extracted " + written);
                WarcSource warc = locate(warcs, (String) rows.value(i, "warc_file"));
                notes.println("  " + DigestCheck.of(warc, ((Number) rows.value(i, "warc_offset")).longValue()));
                if ("revisit".equals(rows.value(i, "record_type"))) {
                    notes.println(rows.value(i, "original_warc_file") == null
                            ? "  a revisit whose original is not in the input WARC files: only its HTTP head is stored"
                            : "  a revisit: its HTTP head as stored; the original response it relies on is "
                              + written.getFileName().toString().replace(".http", ".original.http") + ", its body "
                              + written.getFileName().toString().replace(".http", ".body"));
                }
            }
        }
        return 0;
    }

    /** Creates the --extract folder, or says why it cannot be made (a file in the way, no permission, ...). */
    static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UserException("cannot create the --extract folder " + dir + ": " + e.getFile()
                    + " exists and is not a folder; choose another --extract DIR", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserException("cannot create the --extract folder " + dir + ": permission denied on " + e.getFile()
                    + "; choose a writable --extract DIR", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserException("cannot create the --extract folder " + dir + ": the file system refuses to make "
                    + e.getFile() + " (no such parent folder); choose another --extract DIR", e);
        } catch (java.nio.file.FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new UserException("cannot create the --extract folder " + dir + ": " + e.getFile() + ": " + reason
                    + " (is a part of the path a file?); choose another --extract DIR", e);
        } catch (IOException e) {
            throw new UserException("cannot create the --extract folder " + dir + ": " + e.getMessage()
                    + "; choose another --extract DIR", e);
        }
    }

    public static ResultTable find(Path dataset, String user, String post) throws SQLException {
        return find(dataset, user, post, null);
    }

    /**
     * The captures of a user (name or id) or post, of server {@code instance} only unless it is null. When the rows are
     * of more than one instance (servers that number their own ids) the table starts with an instance column, rows
     * grouped by it; else it has none, as for a dataset of one server or of Parler.
     */
    public static ResultTable find(Path dataset, String user, String post, String instance) throws SQLException {
        return withReplay(byInstance(query(dataset, user, post, instance)));
    }

    /** The rows as selected, the instance column last. */
    private static ResultTable query(Path dataset, String user, String post, String instance) throws SQLException {
        try (Connection c = Dataset.open(dataset);
             PreparedStatement ps = c.prepareStatement(user != null ? USER_SQL : POST_SQL)) {
            String v = user != null ? user : post;
            ps.setString(1, v);
            ps.setString(2, v);
            ps.setString(3, instance);
            ps.setString(4, instance);
            try (ResultSet rs = ps.executeQuery()) {
                return ResultTable.read(rs);
            }
        }
    }

    /** Moves the instance column first when the rows span several instances, else drops it. */
    static ResultTable byInstance(ResultTable t) {
        int col = t.column("instance");
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (java.util.List<Object> r : t.rows()) seen.add(r.get(col));
        boolean several = seen.size() > 1;
        java.util.List<String> cols = new java.util.ArrayList<>(t.columns());
        cols.remove(col);
        if (several) cols.add(0, "instance");
        java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
        for (java.util.List<Object> r : t.rows()) {
            java.util.List<Object> row = new java.util.ArrayList<>(r);
            Object v = row.remove(col);
            if (several) row.add(0, v);
            rows.add(row);
        }
        return new ResultTable(cols, rows);
    }

    /** The instances a {@link #find} result's rows are of, in order ("(none)" for rows without one); empty when it names none. */
    static java.util.List<String> instances(ResultTable t) {
        if (t.column("instance") < 0) return java.util.List.of();
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < t.rows().size(); i++) {
            Object v = t.value(i, "instance");
            out.add(v == null ? "(none)" : (String) v);
        }
        return new java.util.ArrayList<>(out);
    }

    /** Adds the WACZ replay locator ({@code <14-digit timestamp>/<url>}, as ReplayWeb.page and pywb use) to each row. */
    static ResultTable withReplay(ResultTable t) {
        java.util.List<String> cols = new java.util.ArrayList<>(t.columns());
        cols.add("replay");
        java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            java.util.List<Object> row = new java.util.ArrayList<>(t.rows().get(i));
            row.add(io.lastlight.wacz.ReplayLinks.forCapture((String) t.value(i, "target_uri"),
                    java.time.Instant.parse((String) t.value(i, "capture_time"))));
            rows.add(row);
        }
        return new ResultTable(cols, rows);
    }

    static Path recordedWarcDir(Path dataset) throws IOException {
        Manifest m = Manifest.read(dataset);
        if (m == null || m.warcDir == null) {
            throw new UserException("the dataset does not record where its WARC files are; pass --warc DIR");
        }
        Path p = dataset.resolve(m.warcDir).normalize();
        if (!Files.isDirectory(p)) {
            throw new UserException("the WARC folder recorded in the manifest (" + p + ") is missing; pass --warc DIR");
        }
        return p;
    }

    /**
     * Writes the evidence of row {@code i} of a {@link #find} result: for a response, {@code NAME.http} and
     * {@code NAME.body} as {@link #extract(Path, long, Path, String)}; for a revisit, {@code NAME.http} (the revisit's
     * HTTP status line and headers, all it stores), {@code NAME.original.http} (the original's raw HTTP response) and
     * {@code NAME.body} (the original's decoded body, the bytes the row was parsed from).
     */
    public static Path extract(Path warcDir, ResultTable rows, int i, Path dir, String name) throws IOException {
        WarcSource warc = locate(warcDir, (String) rows.value(i, "warc_file"));
        long offset = ((Number) rows.value(i, "warc_offset")).longValue();
        if (!"revisit".equals(rows.value(i, "record_type"))) return extract(warc, offset, dir, name);
        Path head = dir.resolve(name + ".http");
        try (ReadableByteChannel ch = open(warc, offset)) {
            WarcRecord rec = new WarcReader(ch).next().orElseThrow(() ->
                    new UserException("no WARC record at offset " + offset + " in " + warc + " (the file changed since the build?)"));
            if (!(rec instanceof WarcRevisit)) {
                throw new UserException("the record at offset " + offset + " in " + warc + " is a " + rec.type() + ", not a revisit");
            }
            try (InputStream in = Channels.newInputStream(rec.body()); OutputStream o = Files.newOutputStream(head)) {
                in.transferTo(o);
            }
        }
        Object originalFile = rows.value(i, "original_warc_file");
        if (originalFile == null) return head;
        extract(locate(warcDir, (String) originalFile), ((Number) rows.value(i, "original_warc_offset")).longValue(), dir, name + ".original");
        Files.move(dir.resolve(name + ".original.body"), dir.resolve(name + ".body"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return head;
    }

    /**
     * The WARC file a row's {@code warc_file} names: a file of that name in {@code warcDir}, or in one of its subfolders
     * as the build finds them (a folder of workers' crawls: {@code w0/warc/…}); the build refuses two inputs of one
     * name, so the name is enough. A WARC file inside a WACZ ({@code crawl.wacz#archive/data.warc.gz}) is that entry of
     * the WACZ file so found ({@link WaczWarcs#entry}), read in place. {@code warcDir} may be the WACZ file itself.
     */
    static WarcSource locate(Path warcDir, String name) throws IOException {
        int hash = name.indexOf(WarcSource.IN_PACKAGE);
        String file = hash < 0 ? name : name.substring(0, hash);
        Path found = Files.isRegularFile(warcDir) && warcDir.getFileName().toString().equals(file) ? warcDir : find(warcDir, file);
        if (!Files.isRegularFile(found)) {
            throw new UserException((hash < 0 ? "WARC file " : "WACZ file ") + found + " not found"
                    + (hash < 0 ? "" : " (it holds " + name.substring(hash + 1) + ")") + "; pass --warc DIR");
        }
        return hash < 0 ? WarcSource.of(found) : WaczWarcs.entry(found, name.substring(hash + 1));
    }

    /** The file named {@code name} in {@code warcDir} or one of its subfolders as the build finds them, else {@code warcDir/name}. */
    private static Path find(Path warcDir, String name) throws IOException {
        Path direct = warcDir.resolve(name);
        if (Files.isRegularFile(direct) || !Files.isDirectory(warcDir)) return direct;
        java.util.List<Path> packages = new java.util.ArrayList<>();
        java.util.List<Path> files = new java.util.ArrayList<>(
                io.lastlight.build.DatasetBuilder.warcFiles(warcDir, new java.util.ArrayList<>(), packages));
        files.addAll(packages);
        for (Path p : files) {
            if (p.getFileName().toString().equals(name)) return p;
        }
        return direct;
    }

    /**
     * A channel at the record at {@code offset} ({@link WarcFormat#openAt}: in a whole-file gzip the offset is in the
     * decompressed bytes, as the build recorded it).
     */
    private static ReadableByteChannel open(WarcSource warc, long offset) throws IOException {
        return warc.openAt(offset);
    }

    /** Writes {@code NAME.http} (raw HTTP response as stored) and {@code NAME.body} (payload) for the record at offset. */
    public static Path extract(Path warc, long offset, Path dir, String name) throws IOException {
        if (!Files.isRegularFile(warc)) throw new UserException("WARC file " + warc + " not found; pass --warc DIR");
        return extract(WarcSource.of(warc), offset, dir, name);
    }

    /** As {@link #extract(Path, long, Path, String)}, for a WARC file wherever it is (on disk, inside a WACZ). */
    public static Path extract(WarcSource warc, long offset, Path dir, String name) throws IOException {
        try (ReadableByteChannel ch = open(warc, offset)) {
            WarcRecord rec = new WarcReader(ch).next().orElseThrow(() ->
                    new UserException("no WARC record at offset " + offset + " in " + warc + " (the file changed since the build?)"));
            if (rec instanceof WarcResource resource) {
                // a saved page or file with no HTTP exchange (lastlight import, other tools' resource records)
                Path body = dir.resolve(name + ".body");
                try (InputStream in = Channels.newInputStream(resource.body()); OutputStream o = Files.newOutputStream(body)) {
                    in.transferTo(o);
                }
                return body;
            }
            if (!(rec instanceof WarcResponse)) {
                throw new UserException("the record at offset " + offset + " in " + warc + " is a " + rec.type() + ", not a response");
            }
            Path raw = dir.resolve(name + ".http");
            try (InputStream in = Channels.newInputStream(rec.body()); OutputStream o = Files.newOutputStream(raw)) {
                in.transferTo(o);
            }
        }
        try (ReadableByteChannel ch = open(warc, offset)) {
            WarcResponse rec = (WarcResponse) new WarcReader(ch).next().orElseThrow();
            try (InputStream in = rec.http().bodyDecoded().stream(); OutputStream o = Files.newOutputStream(dir.resolve(name + ".body"))) {
                in.transferTo(o);
            }
        }
        return dir.resolve(name + ".http");
    }
}
