package io.lastlight.derive;

import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.TableSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Builds the derived tables with DuckDB SQL over the observation Parquet files. Each table's query is a
 * resource ({@code derive/<table>.sql}); the projection, casts and sort order come from the schema file,
 * so the written Parquet always matches the contract. Output goes to a temporary file, then is renamed.
 */
public final class DerivedTables {
    public static final String PART = "part-0.parquet";
    static final String DEFAULT_MEMORY = "3GB";
    private final DatasetSchema schema;

    public DerivedTables(DatasetSchema schema) {
        this.schema = schema;
    }

    public List<String> tables() {
        List<String> out = new ArrayList<>();
        for (TableSchema t : schema.tables()) if (t.kind().equals("derived")) out.add(t.name());
        return out;
    }

    public void build(Path dataset, List<String> observationTables) throws SQLException, IOException {
        Path abs = dataset.toAbsolutePath();
        Path spill = abs.resolve(".tmp-duckdb");
        try (Connection c = DuckDb.inMemory()) {
            // A fixed memory budget, spilling to the dataset folder beyond it: memory does not grow with the data.
            DuckDb.exec(c, "SET memory_limit = " + DuckDbViews.quoteLiteral(memoryLimit()));
            DuckDb.exec(c, "SET temp_directory = " + DuckDbViews.quoteLiteral(spill.toString()));
            for (String t : observationTables) {
                DuckDb.exec(c, "CREATE VIEW " + DuckDbViews.quoteIdent(t) + " AS SELECT * FROM read_parquet("
                        + DuckDbViews.quoteLiteral(abs.resolve(t).resolve("*.parquet").toString()) + ")");
            }
            for (String name : tables()) {
                TableSchema t = schema.table(name);
                Path dir = Files.createDirectories(abs.resolve(name));
                Path tmp = dir.resolve(".tmp-" + PART + ".partial");
                Files.deleteIfExists(tmp);
                DuckDb.exec(c, "COPY (" + projection(t, sql(name)) + ") TO " + DuckDbViews.quoteLiteral(tmp.toString())
                        + " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2, ROW_GROUP_SIZE 131072, KV_METADATA {"
                        + DuckDbViews.quoteLiteral(DatasetSchema.VERSION_METADATA_KEY) + ": " + DuckDbViews.quoteLiteral(schema.version())
                        + ", " + DuckDbViews.quoteLiteral(DatasetSchema.TABLE_METADATA_KEY) + ": " + DuckDbViews.quoteLiteral(name) + "})");
                Files.move(tmp, dir.resolve(PART), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // Later derived tables may read earlier ones (media reads posts).
                DuckDb.exec(c, "CREATE VIEW " + DuckDbViews.quoteIdent(name) + " AS SELECT * FROM read_parquet("
                        + DuckDbViews.quoteLiteral(dir.resolve(PART).toString()) + ")");
            }
        } finally {
            deleteTree(spill);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    /** DuckDB's memory budget for deriving: {@code -Dlastlight.duckdb.memory=4GB}, else {@value #DEFAULT_MEMORY}. */
    static String memoryLimit() {
        String v = System.getProperty("lastlight.duckdb.memory", DEFAULT_MEMORY);
        if (!v.matches("(?i)\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
            throw new io.lastlight.core.UserException("-Dlastlight.duckdb.memory=" + v + " is not a size such as 2GB or 512MB");
        }
        return v;
    }

    /** SELECT of exactly the schema's columns, cast to the declared types, sorted by the table key. */
    static String projection(TableSchema t, String inner) {
        StringJoiner cols = new StringJoiner(", ");
        for (FieldSchema f : t.fields()) {
            String q = DuckDbViews.quoteIdent(f.name());
            cols.add("CAST(" + q + " AS " + f.type().duckDbType() + ") AS " + q);
        }
        StringJoiner order = new StringJoiner(", ");
        for (String k : t.sortBy()) order.add(DuckDbViews.quoteIdent(k));
        return "SELECT " + cols + " FROM (" + inner + ") ORDER BY " + order;
    }

    static String sql(String table) {
        String res = "/io/lastlight/derive/" + table + ".sql";
        try (InputStream in = DerivedTables.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("no SQL for derived table " + table + " (" + res + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
