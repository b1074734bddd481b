package io.lastlight.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset contract, loaded from {@code dataset.yaml}: every table, every field with its type,
 * nullability, description and example. Parquet schemas and DuckDB views are built from it, so the
 * file is the single place a column is defined.
 */
public final class DatasetSchema {
    public static final String RESOURCE = "/io/lastlight/schema/dataset.yaml";
    /** Key under which the schema version is stored in every Parquet file's key-value metadata. */
    public static final String VERSION_METADATA_KEY = "lastlight.schema_version";
    public static final String TABLE_METADATA_KEY = "lastlight.table";

    private static volatile DatasetSchema bundled;

    private final String version;
    private final Map<String, TableSchema> tables;

    private DatasetSchema(String version, Map<String, TableSchema> tables) {
        this.version = version;
        this.tables = tables;
    }

    /** The schema shipped with this build. */
    public static DatasetSchema bundled() {
        DatasetSchema s = bundled;
        if (s == null) {
            try (InputStream in = DatasetSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
                s = parse(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = s;
        }
        return s;
    }

    public static DatasetSchema parse(InputStream in, String source) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        if (root == null || !root.hasNonNull("version") || !root.has("tables")) {
            throw new IllegalArgumentException(source + ": expected top-level 'version' and 'tables'");
        }
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        for (JsonNode t : root.get("tables")) {
            String name = text(t, "name", source);
            List<FieldSchema> fields = new ArrayList<>();
            for (JsonNode f : t.get("fields")) {
                String fname = text(f, "name", source + " table " + name);
                try {
                    fields.add(new FieldSchema(fname, FieldType.parse(text(f, "type", source + " " + name + "." + fname)),
                            f.path("nullable").asBoolean(true), f.path("description").asText(null),
                            f.hasNonNull("example") ? f.get("example").asText() : null));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + " table " + name + ": " + e.getMessage(), e);
                }
            }
            tables.put(name, new TableSchema(name, text(t, "kind", source + " table " + name),
                    text(t, "description", source + " table " + name), strings(t.get("key")), strings(t.get("sort_by")), fields));
        }
        return new DatasetSchema(root.get("version").asText(), tables);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": missing '" + field + "'");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) node.forEach(n -> out.add(n.asText()));
        return out;
    }

    public String version() { return version; }

    public Collection<TableSchema> tables() { return tables.values(); }

    public TableSchema table(String name) {
        TableSchema t = tables.get(name);
        if (t == null) throw new IllegalArgumentException("no table '" + name + "' in dataset schema " + version);
        return t;
    }

    public boolean hasTable(String name) { return tables.containsKey(name); }
}
