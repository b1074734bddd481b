package io.lastlight.build;

import io.lastlight.derive.DuckDb;
import io.lastlight.revisit.RevisitOutputs;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.TableSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * The dataset's description at the end of a build: each Parquet file in the manifest's resources (path, table, digest,
 * bytes, rows), rows per table, parse statuses and resolved revisits in the build report.
 */
final class DatasetDescription {
    private DatasetDescription() {}

    static void describe(DatasetSchema schema, Path dataset, Manifest manifest, BuildReport report) throws IOException, SQLException {
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            for (TableSchema t : schema.tables()) {
                Path dir = dataset.resolve(t.name());
                if (!Files.isDirectory(dir)) continue;
                List<Path> files;
                try (Stream<Path> st = Files.list(dir)) {
                    files = st.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."))
                            .sorted().toList();
                }
                long tableRows = 0;
                for (Path f : files) {
                    Manifest.Resource r = new Manifest.Resource();
                    r.path = dataset.relativize(f).toString().replace('\\', '/');
                    r.table = t.name();
                    r.sha256 = Digests.sha256(f);
                    r.bytes = Files.size(f);
                    try (ResultSet rs = s.executeQuery("SELECT sum(num_rows) FROM parquet_file_metadata("
                            + DuckDbViews.quoteLiteral(f.toAbsolutePath().toString()) + ")")) {
                        rs.next();
                        r.rows = rs.getLong(1);
                    }
                    tableRows += r.rows;
                    manifest.resources.add(r);
                }
                report.rows.put(t.name(), tableRows);
            }
            try (ResultSet rs = s.executeQuery("SELECT parse_status, count(*) FROM read_parquet("
                    + DuckDbViews.quoteLiteral(dataset.toAbsolutePath().resolve("captures").resolve("*.parquet").toString())
                    + ") GROUP BY 1 ORDER BY 1")) {
                while (rs.next()) {
                    report.parseStatus.put(rs.getString(1), rs.getLong(2));
                    manifest.parseStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT digest_check, count(*) FROM read_parquet("
                    + DuckDbViews.quoteLiteral(dataset.toAbsolutePath().resolve("captures").resolve("*.parquet").toString())
                    + ", union_by_name = true) WHERE digest_check IS NOT NULL GROUP BY 1 ORDER BY 1")) {
                while (rs.next()) {
                    report.digestCheck.put(rs.getString(1), rs.getLong(2));
                    if (io.lastlight.extract.RecordDigests.isMismatch(rs.getString(1))) report.digestMismatches += rs.getLong(2);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE parse_status <> 'revisit-unresolved'),"
                    + " count(*) FILTER (WHERE parse_status = 'revisit-unresolved') FROM read_parquet("
                    + DuckDbViews.quoteLiteral(dataset.toAbsolutePath().resolve("captures").resolve("*" + RevisitOutputs.SUFFIX).toString())
                    + ")")) {
                if (rs.next() && rs.getLong(1) + rs.getLong(2) > 0) {
                    report.revisits.put("resolved", rs.getLong(1));
                    report.revisits.put("unresolved", rs.getLong(2));
                }
            } catch (SQLException e) {
                // no revisit files: nothing to report
            }
        }
    }
}
