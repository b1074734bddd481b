package io.lastlight.label;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.build.Digests;
import io.lastlight.build.Manifest;
import io.lastlight.core.UserException;
import io.lastlight.parquet.Row;
import io.lastlight.parquet.TableWriter;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates an annotated sample CSV against a dataset and records it as
 * {@code DATASET/annotations/annotations-<timestamp>.parquet}. Every row is checked (post known and classified,
 * human label readable, stratum and inclusion probability those of the dataset); a row names its post by post_id and
 * instance (Mastodon-API servers number their own statuses), and by platform if the CSV has that column. A sheet
 * written before the instance column existed still imports: a row names the post of its id when the dataset has
 * one, and is refused, saying so, when two servers have a post of that id; with any invalid row nothing is
 * written unless {@code skipInvalid}. The file is written under a temporary name and renamed; then the views in
 * {@code lastlight.duckdb} and {@code manifest.json} are refreshed.
 */
public final class AnnotationImporter {
    public static final String TABLE = "annotations";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A problem with one row (line = where the record starts in the file; instance as the row gives it, or null). */
    public record Problem(long line, String postId, String instance, String message) {
        public Problem(long line, String postId, String message) {
            this(line, postId, null, message);
        }

        @Override
        public String toString() {
            return "line " + line + (postId == null || postId.isEmpty() ? "" : " (post " + postId
                    + (instance == null || instance.isEmpty() ? "" : " on " + instance) + ")") + ": " + message;
        }
    }

    /** What an import did. */
    public record Result(int rows, int imported, List<Problem> problems, Path file, Map<Stratum, Integer> byStratum) {}

    /**
     * One CSV row. {@code instance} and {@code platform} are the row's cells, null when the CSV has no such column
     * (an empty cell is "" : no instance, i.e. a Parler post).
     */
    private record Parsed(long line, String postId, String rawLabel, Boolean human, String stratum, String probability,
                          String instance, String platform) {}

    private final Clock clock;

    public AnnotationImporter(Clock clock) {
        this.clock = clock;
    }

    public Result importFile(Path csv, Path dataset, String annotator, boolean skipInvalid) throws IOException, SQLException {
        List<Parsed> rows = read(csv);
        List<Problem> problems = new ArrayList<>();
        List<Row> out = new ArrayList<>();
        Map<Stratum, Integer> byStratum = new LinkedHashMap<>();
        TableSchema table = DatasetSchema.bundled().table(TABLE);
        Instant now = clock.instant();
        try (Posts posts = Posts.open(dataset)) {
            List<String> ids = new ArrayList<>();
            for (Parsed p : rows) if (!p.postId().isEmpty()) ids.add(p.postId());
            Map<PostKey, Posts.Labelled> known = posts.lookup(ids);
            Map<String, List<PostKey>> existing = posts.existing(ids);
            Map<Object, Long> firstLine = new HashMap<>();
            for (Parsed p : rows) {
                int before = problems.size();
                Posts.Labelled post = null;
                if (p.postId().isEmpty()) {
                    problems.add(new Problem(p.line(), "", "post_id is empty"));
                } else {
                    List<PostKey> candidates = existing.getOrDefault(p.postId(), List.of());
                    List<PostKey> matches = new ArrayList<>();
                    for (PostKey k : candidates) if (matches(p, k)) matches.add(k);
                    // the row's post, or as far as it names one when it names none
                    Object key = matches.size() == 1 ? matches.get(0) : List.of(p.postId(), String.valueOf(p.instance()), String.valueOf(p.platform()));
                    if (matches.size() > 1) {
                        problems.add(new Problem(p.line(), p.postId(), p.instance(), ambiguous(p, matches)));
                    } else if (firstLine.containsKey(key)) {
                        problems.add(new Problem(p.line(), p.postId(), p.instance(), "the post repeats line " + firstLine.get(key)));
                    } else {
                        firstLine.put(key, p.line());
                        if (matches.isEmpty()) {
                            problems.add(new Problem(p.line(), p.postId(), p.instance(), candidates.isEmpty()
                                    ? "no such post_id in " + dataset + " (was the sample drawn from another dataset?)"
                                    : "no post " + p.postId() + " of " + where(p) + " in " + dataset + "; it has post " + p.postId()
                                      + " of " + servers(candidates) + " (was the instance or platform cell edited?)"));
                        } else {
                            post = known.get(matches.get(0));
                            if (post == null) {
                                problems.add(new Problem(p.line(), p.postId(), p.instance(),
                                        "the post has no classifier label in the dataset to check (it has no text, or is not in English)"));
                            }
                        }
                    }
                }
                if (p.human() == null) {
                    problems.add(new Problem(p.line(), p.postId(), p.instance(), "human_label " + (blank(p)
                            ? "is empty (annotate it, or pass --skip-invalid to import only the annotated rows)"
                            : "'" + rawLabel(p) + "' is not one of " + HumanLabel.ACCEPTED)));
                }
                Stratum stratum = Stratum.byId(p.stratum());
                if (stratum == null) {
                    problems.add(new Problem(p.line(), p.postId(), p.instance(), "stratum '" + p.stratum() + "' is not one of flagged, unflagged_high, unflagged_low, unflagged_zero"));
                } else if (post != null && post.stratum() != stratum) {
                    problems.add(new Problem(p.line(), p.postId(), p.instance(), "stratum '" + stratum + "' does not match the dataset's ('" + post.stratum()
                            + "': classifier label " + post.flagged() + ", score " + post.score() + "); was the sample drawn from another build?"));
                }
                double prob = Double.NaN;
                try {
                    prob = Double.parseDouble(p.probability().trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
                if (!(prob > 0 && prob <= 1)) {
                    problems.add(new Problem(p.line(), p.postId(), p.instance(), "inclusion_probability '" + p.probability() + "' is not a number in (0, 1]"));
                }
                if (problems.size() > before) continue;
                Row r = new Row(table)
                        .set("post_id", p.postId())
                        .set("human_label", p.human())
                        .set("classifier_label", post.flagged())
                        .set("score", post.score())
                        .set("stratum", stratum.id())
                        .set("inclusion_probability", prob)
                        .set("classifier_version", post.classifierVersion())
                        .set("annotator", annotator)
                        .set("imported_at", now)
                        .set("source_file", csv.getFileName().toString())
                        .set("source_line", p.line())
                        .set("platform", post.key().platform())
                        .set("instance", post.key().instance());
                out.add(r);
                byStratum.merge(stratum, 1, Integer::sum);
            }
        }
        if (!problems.isEmpty() && !skipInvalid) return new Result(rows.size(), 0, problems, null, Map.of());
        if (out.isEmpty()) return new Result(rows.size(), 0, problems, null, Map.of());
        out.sort(java.util.Comparator.comparing(r -> new PostKey((String) r.get("platform"), (String) r.get("instance"),
                (String) r.get("post_id")), PostKey.ORDER));
        Path dir = dataset.resolve(TABLE);
        Path target = uniqueTarget(dir, "annotations-" + STAMP.format(now));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("lastlight.source_csv", csv.getFileName().toString());
        meta.put("lastlight.source_sha256", Digests.sha256(csv));
        try (TableWriter w = new TableWriter(table, target, meta)) {
            for (Row r : out) w.write(r);
            w.commit();
        }
        DatasetBuilder.writeViews(dataset);
        addToManifest(dataset, target, out.size());
        return new Result(rows.size(), out.size(), problems, target, byStratum);
    }

    /** Whether the row names this post: by post_id, and by instance and platform where the CSV has those columns. */
    private static boolean matches(Parsed p, PostKey k) {
        if (p.instance() != null && !p.instance().equals(k.instance() == null ? "" : k.instance())) return false;
        return p.platform() == null || p.platform().isEmpty() || p.platform().equals(k.platform());
    }

    /** Why a row that names several posts cannot be imported, and what to do. */
    private static String ambiguous(Parsed p, List<PostKey> matches) {
        if (p.instance() == null) {
            return "post_id " + p.postId() + " is the id of " + matches.size() + " posts in the dataset (" + servers(matches)
                    + ": servers number their own statuses) and the CSV has no instance column to say which was annotated;"
                    + " add an instance column giving each row's server (as the sheet 'lastlight label sample' writes has),"
                    + " or draw a new sample, and import again";
        }
        return "post_id " + p.postId() + " of " + where(p) + " is the id of posts of " + matches.size() + " platforms ("
                + servers(matches) + "); add a platform column giving each row's platform and import again";
    }

    private static String where(Parsed p) {
        String server = p.instance() == null ? null : p.instance().isEmpty() ? "no instance" : "instance " + p.instance();
        String platform = p.platform() == null || p.platform().isEmpty() ? null : "platform " + p.platform();
        return server == null ? platform : platform == null ? server : platform + ", " + server;
    }

    private static String servers(List<PostKey> keys) {
        List<String> out = new ArrayList<>();
        for (PostKey k : keys) out.add(k.platform() + (k.instance() == null ? " (no instance)" : " " + k.instance()));
        return String.join(", ", out);
    }

    private static boolean blank(Parsed p) {
        return p.human() == null && rawLabel(p).isBlank();
    }

    private static String rawLabel(Parsed p) {
        return p.rawLabel() == null ? "" : p.rawLabel();
    }

    private static Path uniqueTarget(Path dir, String stem) {
        Path t = dir.resolve(stem + ".parquet");
        for (int i = 1; Files.exists(t); i++) t = dir.resolve(stem + "-" + i + ".parquet");
        return t;
    }

    private static void addToManifest(Path dataset, Path file, long rows) throws IOException {
        Manifest m = Manifest.read(dataset);
        if (m == null) return;
        Manifest.Resource r = new Manifest.Resource();
        r.path = dataset.relativize(file).toString().replace('\\', '/');
        r.table = TABLE;
        r.sha256 = Digests.sha256(file);
        r.bytes = Files.size(file);
        r.rows = rows;
        m.resources.add(r);
        m.write(dataset);
    }

    /** Reads the CSV (UTF-8, header row; a leading byte-order mark is ignored). */
    static List<Parsed> read(Path csv) throws IOException {
        Reader reader;
        try {
            reader = new java.io.InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        } catch (NoSuchFileException e) {
            throw new UserException("no such file: " + csv);
        }
        List<Parsed> out = new ArrayList<>();
        try (Reader r = new java.io.BufferedReader(reader);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                     .setTrim(false).get().parse(r)) {
            Map<String, Integer> header = new HashMap<>();
            for (Map.Entry<String, Integer> e : parser.getHeaderMap().entrySet()) {
                header.put(e.getKey().replace("\uFEFF", "").trim().toLowerCase(java.util.Locale.ROOT), e.getValue());
            }
            for (String need : List.of(SampleCsv.POST_ID, SampleCsv.HUMAN_LABEL, SampleCsv.STRATUM, SampleCsv.INCLUSION_PROBABILITY)) {
                if (!header.containsKey(need)) {
                    throw new UserException(csv + " has no '" + need + "' column (its header: " + String.join(", ", parser.getHeaderNames())
                            + "); import the CSV written by 'lastlight label sample' with human_label filled in");
                }
            }
            long prevEnd = parser.getCurrentLineNumber();
            for (CSVRecord rec : parser) {
                long line = prevEnd + 1;
                prevEnd = parser.getCurrentLineNumber();
                String label = get(rec, header, SampleCsv.HUMAN_LABEL);
                out.add(new Parsed(line, get(rec, header, SampleCsv.POST_ID).trim(), label, HumanLabel.parse(label),
                        get(rec, header, SampleCsv.STRATUM), get(rec, header, SampleCsv.INCLUSION_PROBABILITY),
                        optional(rec, header, SampleCsv.INSTANCE), optional(rec, header, SampleCsv.PLATFORM)));
            }
        } catch (java.io.UncheckedIOException e) {
            throw fail(csv, e.getCause());
        } catch (CharacterCodingException e) {
            throw fail(csv, e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(csv + " is not a readable CSV file: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new UserException(csv + " has no rows to import");
        return out;
    }

    private static UserException fail(Path csv, Throwable e) {
        if (e instanceof CharacterCodingException) {
            return new UserException(csv + " is not valid UTF-8; save it as UTF-8 CSV and import again", e);
        }
        return new UserException("cannot read " + csv + ": " + e.getMessage(), e);
    }

    /**
     * A cell of a column sheets written before it lack (instance, platform): null when the CSV has no such column,
     * so the row is matched without it; trimmed and lower-cased (hosts and platform names are), "" when empty.
     */
    private static String optional(CSVRecord rec, Map<String, Integer> header, String column) {
        return header.containsKey(column) ? get(rec, header, column).trim().toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static String get(CSVRecord rec, Map<String, Integer> header, String column) {
        int i = header.get(column);
        return i < rec.size() ? rec.get(i) : "";
    }
}
