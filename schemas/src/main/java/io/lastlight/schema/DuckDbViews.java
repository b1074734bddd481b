package io.lastlight.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * DDL for the views in {@code DATASET/lastlight.duckdb}. Views read Parquet through paths relative to
 * the dataset folder, so the folder can be moved; DuckDB resolves them against the working directory
 * or {@code file_search_path}.
 */
public final class DuckDbViews {
    private DuckDbViews() {}

    /**
     * SELECT of exactly the table's columns, cast to their declared types, from {@code inner}, ordered by the
     * table's {@code sort_by} and then by {@code tieBreak} (columns of {@code inner}, e.g. a row number).
     */
    public static String sortedProjection(TableSchema t, String inner, String... tieBreak) {
        java.util.StringJoiner cols = new java.util.StringJoiner(", ");
        for (FieldSchema f : t.fields()) {
            String q = quoteIdent(f.name());
            cols.add("CAST(" + q + " AS " + f.type().duckDbType() + ") AS " + q);
        }
        java.util.StringJoiner order = new java.util.StringJoiner(", ");
        for (String k : t.sortBy()) order.add(quoteIdent(k));
        for (String k : tieBreak) order.add(quoteIdent(k));
        return "SELECT " + cols + " FROM (" + inner + ") ORDER BY " + order;
    }

    public static String quoteIdent(String ident) {
        return '"' + ident.replace("\"", "\"\"") + '"';
    }

    public static String quoteLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The relative glob of a table's Parquet files inside the dataset folder. */
    public static String relativeGlob(TableSchema table) {
        return table.name() + "/*.parquet";
    }

    /** One {@code CREATE OR REPLACE VIEW} per table. Names come from the schema file, never from user input. */
    public static List<String> createViews(DatasetSchema schema) {
        List<String> ddl = new ArrayList<>();
        for (TableSchema t : schema.tables()) {
            ddl.add(createView(t));
        }
        return ddl;
    }

    /**
     * A view with the table's columns and no rows, for a table that has no files yet (e.g. annotations
     * before the first import), so queries over it run and answer "nothing yet" instead of failing.
     */
    public static String createEmptyView(TableSchema t) {
        return "CREATE OR REPLACE VIEW " + quoteIdent(t.name()) + " AS " + emptySelect(t);
    }

    private static String emptySelect(TableSchema t) {
        StringBuilder cols = new StringBuilder();
        for (FieldSchema f : t.fields()) {
            if (cols.length() > 0) cols.append(", ");
            cols.append("CAST(NULL AS ").append(f.type().duckDbType()).append(") AS ").append(quoteIdent(f.name()));
        }
        return "SELECT " + cols + " WHERE false";
    }

    /**
     * A view over the table's Parquet files. An {@code annotation} table's files outlive builds and schema versions
     * (each import adds one; 'lastlight build' never rewrites them), so a file written before a column was added lacks
     * it: its view also takes the columns by name from the empty typed row set, and every column of the schema is
     * there, null in the older files' rows, even when no file has it yet.
     */
    public static String createView(TableSchema t) {
        String files = "SELECT * FROM read_parquet(" + quoteLiteral(relativeGlob(t)) + ", union_by_name = true)";
        if (t.kind().equals("annotation")) files += " UNION ALL BY NAME " + emptySelect(t);
        return "CREATE OR REPLACE VIEW " + quoteIdent(t.name()) + " AS " + files;
    }
}
