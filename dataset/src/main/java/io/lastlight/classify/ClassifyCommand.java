package io.lastlight.classify;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.lastlight.core.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code lastlight classify}: labels one text per line (or a CSV column) and prints label, score, rules and spans,
 * for researchers checking samples. Lines with invalid UTF-8 are skipped, reported with their line number, counted,
 * and make the exit code 1 once everything else has been classified.
 */
@Command(name = "classify", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class},
        description = {"Label texts as violent or not with the transparent rules classifier (codebook: docs/classifier.md).",
                "Input: one text per line (FILE or stdin), or a column of a CSV file (--column, or a .csv FILE with a 'text' column).",
                "Output per input: line, label, score, rules, spans (JSON offsets into the text), suppressed evidence, version."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  all inputs classified", "  1  runtime failure, or some lines skipped (invalid UTF-8; each reported on stderr)",
                "  2  bad usage"})
public final class ClassifyCommand implements Callable<Integer> {
    /** Output formats. */
    public enum Format { jsonl, csv }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", paramLabel = "FILE", description = "Input file (default: standard input).")
    Path in;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.jsonl;

    @Option(names = "--column", paramLabel = "NAME",
            description = "Read the input as CSV with a header row and classify this column (default for a .csv FILE: 'text').")
    String column;

    @Option(names = "--text-column", description = "Also output the classified text (a 'text' field/column).")
    boolean textColumn;

    @Option(names = "--classifier", paramLabel = "SPEC", defaultValue = "hybrid",
            description = "Classifier spec (default: ${DEFAULT-VALUE}, the rules OR the shipped learned model, as 'build' uses); 'rules' for the rules alone; "
                    + "e.g. rules>refine>onnx:model=m.onnx with a provider jar on the class path.")
    String classifierSpec = "hybrid";

    private final InputStream stdin;
    private final java.io.OutputStream stdout;

    public ClassifyCommand() {
        this(System.in, System.out);
    }

    /** For tests: explicit streams. */
    public ClassifyCommand(InputStream stdin, java.io.OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException {
        Classifier classifier = Classifiers.fromSpec(classifierSpec);
        boolean csvInput = column != null || (in != null && in.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"));
        if (column != null && column.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "--column needs a column name");
        PrintWriter err = spec.commandLine().getErr();
        Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        Output o = format == Format.csv ? new CsvOutput(out, textColumn) : new JsonlOutput(out, textColumn);
        int skipped;
        try (InputStream input = open()) {
            skipped = csvInput ? classifyCsv(input, classifier, o, err) : classifyLines(input, classifier, o, err);
        }
        o.close();
        out.flush();
        if (skipped > 0) {
            err.println("classify: " + skipped + " line(s) skipped because they are not valid UTF-8 (listed above); re-encode the input as UTF-8, e.g. iconv -f LATIN1 -t UTF-8");
            err.flush();
            return 1;
        }
        return 0;
    }

    private InputStream open() throws IOException {
        if (in == null || in.toString().equals("-")) return new BufferedInputStream(stdin);
        if (Files.isDirectory(in)) throw new UserException(in + " is a directory; give a file with one text per line or a CSV file");
        try {
            return new BufferedInputStream(Files.newInputStream(in), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new UserException("no such file: " + in + " (check the path, or pipe the texts on standard input)");
        }
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** One text per line; lines that are not valid UTF-8 are skipped and reported. Returns the number skipped. */
    private int classifyLines(InputStream input, Classifier c, Output o, PrintWriter err) throws IOException {
        CharsetDecoder dec = strictDecoder();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long lineNo = 0;
        int skipped = 0;
        int b;
        boolean pending = false;
        while (true) {
            b = input.read();
            if (b == '\n' || b < 0) {
                if (b < 0 && !pending) break;
                lineNo++;
                byte[] bytes = line.toByteArray();
                int len = bytes.length;
                if (len > 0 && bytes[len - 1] == '\r') len--;
                try {
                    String text = dec.reset().decode(ByteBuffer.wrap(bytes, 0, len)).toString();
                    if (lineNo == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                    o.write(lineNo, text, c.classify(text));
                } catch (CharacterCodingException e) {
                    skipped++;
                    err.println("classify: line " + lineNo + ": not valid UTF-8; skipped");
                }
                line.reset();
                pending = false;
                if (b < 0) break;
            } else {
                line.write(b);
                pending = true;
            }
        }
        return skipped;
    }

    /**
     * CSV with a header row. The input is checked line by line for UTF-8 first (bad lines reported by number, and the
     * records that contain them skipped); then parsed with Jackson's CSV parser.
     */
    private int classifyCsv(InputStream input, Classifier c, Output o, PrintWriter err) throws IOException {
        byte[] all = input.readAllBytes();
        TreeSet<Long> badLines = new TreeSet<>();
        StringBuilder text = new StringBuilder(all.length);
        CharsetDecoder dec = strictDecoder();
        int start = 0;
        long lineNo = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i == all.length && start == i) break;
                lineNo++;
                int end = Math.min(i + 1, all.length);
                try {
                    CharBuffer cb = dec.reset().decode(ByteBuffer.wrap(all, start, end - start));
                    text.append(cb);
                } catch (CharacterCodingException e) {
                    badLines.add(lineNo);
                    err.println("classify: line " + lineNo + ": not valid UTF-8; its CSV record is skipped");
                    text.append(new String(all, start, end - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        if (text.length() > 0 && text.charAt(0) == '\uFEFF') text.deleteCharAt(0);
        String where = in == null ? "standard input" : in.toString();
        String col = column == null ? "text" : column;
        CsvMapper mapper = new CsvMapper();
        int skipped = 0;
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(new StringReader(text.toString()))) {
            if (!it.hasNextValue()) throw new UserException(where + " is empty; a CSV input needs a header row naming the columns");
            List<String> header = it.nextValue();
            int idx = header.indexOf(col);
            if (idx < 0) {
                throw new UserException("no column '" + col + "' in " + where + "; its columns are: " + String.join(", ", header)
                        + (column == null ? " (name the text column with --column NAME)" : ""));
            }
            long prevEnd = it.getCurrentLocation().getLineNr();
            long record = 0;
            while (it.hasNextValue()) {
                List<String> row = it.nextValue();
                long endLine = it.getCurrentLocation().getLineNr();
                record++;
                // a record holding a replaced (invalid) byte sequence came from one of the bad lines
                boolean bad = !badLines.isEmpty() && row.stream().anyMatch(v -> v.indexOf('\uFFFD') >= 0);
                prevEnd = endLine;
                if (row.size() == 1 && row.get(0).isEmpty()) continue; // blank line
                if (bad) {
                    skipped++;
                    continue;
                }
                String t = idx < row.size() ? row.get(idx) : "";
                o.write(record, t, c.classify(t));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserException("cannot read " + where + " as CSV: " + e.getOriginalMessage() + " (check quoting; or drop --column to read one text per line)");
        }
        return skipped;
    }

    /** Writes one classified input. */
    interface Output {
        void write(long line, String text, Label label) throws IOException;

        void close() throws IOException;
    }

    static final class JsonlOutput implements Output {
        private final Writer out;
        private final boolean withText;

        JsonlOutput(Writer out, boolean withText) {
            this.out = out;
            this.withText = withText;
        }

        @Override
        public void write(long line, String text, Label label) throws IOException {
            ObjectNode o = LabelJson.MAPPER.createObjectNode();
            o.put("line", line);
            if (withText) o.put("text", text);
            o.setAll(LabelJson.toNode(label));
            out.write(LabelJson.write(o));
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    static final class CsvOutput implements Output {
        private final SequenceWriter seq;
        private final boolean withText;

        CsvOutput(Writer out, boolean withText) throws IOException {
            this.withText = withText;
            this.seq = new CsvMapper().writer().writeValues(out);
            List<String> header = new ArrayList<>(List.of("line"));
            if (withText) header.add("text");
            header.addAll(List.of("label", "score", "rules", "spans", "suppressed", "version"));
            seq.write(header.toArray());
        }

        @Override
        public void write(long line, String text, Label l) throws IOException {
            List<Object> row = new ArrayList<>();
            row.add(line);
            if (withText) row.add(text);
            row.add(l.label());
            row.add(LabelJson.round(l.score()));
            row.add(String.join(";", l.rules()));
            row.add(l.spansJson());
            row.add(l.suppressedJson());
            row.add(l.classifierVersion());
            seq.write(row.toArray());
        }

        @Override
        public void close() throws IOException {
            seq.flush();
        }
    }
}
