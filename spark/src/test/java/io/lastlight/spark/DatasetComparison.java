package io.lastlight.spark;

import io.lastlight.query.Dataset;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.TableSchema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's content table by table, through its {@code lastlight.duckdb} (as {@code lastlight query --dataset} reads
 * it): the columns with their types, the row count, and a digest over every column of every row (rows sorted, so row
 * order within and across files does not count).
 */
final class DatasetComparison {
    private DatasetComparison() {}

    static Map<String, String> fingerprint(Path dataset) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement()) {
            for (TableSchema t : DatasetSchema.bundled().tables()) {
                String v = DuckDbViews.quoteIdent(t.name());
                List<String> cols = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("DESCRIBE " + v)) {
                    while (rs.next()) cols.add(rs.getString(1) + " " + rs.getString(2));
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(md5(string_agg(r, chr(10) ORDER BY r)), '-')"
                        + " FROM (SELECT CAST(t AS VARCHAR) AS r FROM " + v + " t)")) {
                    rs.next();
                    out.put(t.name(), cols + " rows=" + rs.getLong(1) + " md5=" + rs.getString(2));
                }
            }
        }
        return out;
    }

    static long count(Path dataset, String sql) throws Exception {
        try (Connection c = Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
