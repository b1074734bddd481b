package io.lastlight.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.e2e.AnswersWorld;
import io.lastlight.query.NamedQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The notebooks: valid nbformat 4, committed without outputs, all SQL in the shipped query files. */
class NotebooksTest {
    static final Path DIR = Path.of("..", "notebooks");
    static final Pattern QUERY = Pattern.compile("query\\(con,\\s*'([a-z0-9-]+)'");

    @TempDir
    Path tmp;

    static List<Path> notebooks() throws Exception {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    static String source(JsonNode cell) {
        JsonNode s = cell.get("source");
        if (s.isTextual()) return s.asText();
        StringBuilder b = new StringBuilder();
        for (JsonNode line : s) b.append(line.asText());
        return b.toString();
    }

    @Test
    void everyNotebookIsValidNbformat4WithoutOutputsAndUsesOnlyShippedQueries() throws Exception {
        List<Path> books = notebooks();
        assertEquals(5, books.size(), "one notebook per question: user counts, followers, growth, violent content, deletions");
        Set<String> used = new TreeSet<>();
        for (Path nb : books) {
            JsonNode doc = new ObjectMapper().readTree(nb.toFile());
            assertEquals(4, doc.get("nbformat").asInt(), nb + " nbformat");
            assertTrue(doc.get("nbformat_minor").isInt(), nb + " nbformat_minor");
            assertTrue(doc.get("metadata").isObject(), nb + " metadata");
            assertTrue(doc.get("cells").isArray() && doc.get("cells").size() > 1, nb + " cells");
            boolean readsDataset = false;
            for (JsonNode cell : doc.get("cells")) {
                String type = cell.get("cell_type").asText();
                assertTrue(Set.of("code", "markdown", "raw").contains(type), nb + ": cell type " + type);
                assertTrue(cell.get("metadata").isObject(), nb + ": cell metadata");
                String src = source(cell);
                if (!type.equals("code")) continue;
                assertTrue(cell.get("outputs").isArray() && cell.get("outputs").isEmpty(), nb + " is committed with outputs");
                assertTrue(cell.get("execution_count").isNull(), nb + " is committed with execution counts");
                assertFalse(Pattern.compile("(?i)\\bselect\\b.+\\bfrom\\b").matcher(src).find(), nb + " holds SQL; put it in a query file:\n" + src);
                if (src.contains("os.environ.get('DATASET')")) readsDataset = true;
                Matcher m = QUERY.matcher(src);
                while (m.find()) {
                    used.add(m.group(1));
                    assertTrue(NamedQuery.NAMES.contains(m.group(1)), nb + " uses unknown query " + m.group(1));
                    assertTrue(Files.isRegularFile(Path.of("../dataset/src/main/resources/io/lastlight/query", m.group(1) + ".sql")), m.group(1));
                }
            }
            assertTrue(readsDataset, nb + " must read the dataset from $DATASET");
        }
        assertTrue(used.containsAll(List.of("user-counts", "top-followers", "follower-distribution", "user-growth", "violent-prevalence", "deletions")), used.toString());
        String helper = Files.readString(DIR.resolve("lastlight_nb.py"), StandardCharsets.UTF_8);
        assertTrue(helper.contains("\"dataset\" / \"src\" / \"main\" / \"resources\" / \"io\" / \"lastlight\" / \"query\""));
    }

    static boolean pythonReady() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import duckdb, pandas, matplotlib, nbconvert").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theNotebooksRunAgainstAGeneratedDataset() throws Exception {
        assumeTrue(pythonReady(), "python3 with duckdb, pandas, matplotlib and nbconvert not found (pip install duckdb pandas matplotlib jupyter)");
        AnswersWorld w = AnswersWorld.get();
        for (Path nb : notebooks()) {
            List<String> cmd = new ArrayList<>(List.of("python3", "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--output-dir", tmp.toString(), nb.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DATASET", w.dataset.toAbsolutePath().toString());
            pb.environment().put("MPLBACKEND", "Agg");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), nb + " did not finish");
            assertEquals(0, p.exitValue(), nb + " failed:\n" + out);
        }
    }
}
