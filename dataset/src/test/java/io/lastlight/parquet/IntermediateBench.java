package io.lastlight.parquet;

import io.lastlight.derive.DuckDb;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.ParquetSchemas;
import io.lastlight.schema.TableSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bench-only: CPU of encoding one table's rows into the unsorted intermediate file the sort pass reads, per
 * writer setting, on the calling thread (rows loaded once from an existing Parquet file of the table).
 * <pre>java -cp lastlight.jar:test-classes io.lastlight.parquet.IntermediateBench TABLE FILE.parquet OUT_DIR [RUNS]</pre>
 */
public final class IntermediateBench {
    public static void main(String[] args) throws Exception {
        TableSchema table = DatasetSchema.bundled().table(args[0]);
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        List<Row> rows = load(table, in);
        System.out.printf(Locale.ROOT, "%s: %,d rows%n", table.name(), rows.size());
        var bean = ManagementFactory.getThreadMXBean();
        String[] names = {"v2-nodict (current)", "v1-nodict (plain)", "v2-dict"};
        ParquetProperties.WriterVersion[] versions = {ParquetProperties.WriterVersion.PARQUET_2_0, ParquetProperties.WriterVersion.PARQUET_1_0, ParquetProperties.WriterVersion.PARQUET_2_0};
        Files.createDirectories(out);
        for (int r = 0; r < runs; r++) {
            for (int v = 0; v < versions.length; v++) {
                Path f = out.resolve("int-" + v + ".parquet");
                long c0 = bean.getCurrentThreadCpuTime();
                try (ParquetWriter<Row> w = new Builder(new LocalOutputFile(f), table)
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).withWriterVersion(versions[v])
                        .withRowGroupSize(TableWriter.ROW_GROUP_BYTES).withDictionaryEncoding(v == 2)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withConf(new Configuration(false))
                        .withSizeStatisticsEnabled(false).build()) {
                    for (Row row : rows) w.write(row);
                }
                double cpu = (bean.getCurrentThreadCpuTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "run %d %-20s encode cpu %.2f s, %,d bytes%n", r + 1, names[v], cpu, Files.size(f));
            }
        }
        try (Connection c = DuckDb.inMemory()) {
            DuckDb.exec(c, "SET threads = 1");
            for (int r = 0; r < Math.min(runs, 3); r++) {
                for (int v = 0; v < versions.length; v++) {
                    Path f = out.resolve("int-" + v + ".parquet");
                    long c0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
                    DuckDb.exec(c, "COPY (" + ParquetSorter.select(table, "'" + f + "'") + ") TO '" + out.resolve("sorted.parquet")
                            + "' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2, ROW_GROUP_SIZE 100000)");
                    double cpu = (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - c0) / 1e9;
                    System.out.printf(Locale.ROOT, "run %d %-20s duckdb sort pass cpu %.2f s%n", r + 1, names[v], cpu);
                }
            }
        }
    }

    static List<Row> load(TableSchema table, Path in) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<FieldSchema> fields = table.fields();
        StringBuilder cols = new StringBuilder();
        for (FieldSchema f : fields) {
            if (cols.length() > 0) cols.append(", ");
            String q = io.lastlight.schema.DuckDbViews.quoteIdent(f.name());
            switch (f.type()) {
                case TIMESTAMP -> cols.append("epoch_us(").append(q).append(")");
                case DATE -> cols.append("CAST(").append(q).append(" AS VARCHAR)");
                case STRING_LIST -> cols.append("array_to_string(").append(q).append(", chr(31)), len(").append(q).append(")");
                default -> cols.append(q);
            }
        }
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + cols + " FROM read_parquet('" + in + "')")) {
            while (rs.next()) {
                Row row = new Row(table);
                int k = 1;
                for (int i = 0; i < fields.size(); i++) {
                    FieldSchema f = fields.get(i);
                    Object v;
                    switch (f.type()) {
                        case STRING -> v = rs.getString(k++);
                        case INT32 -> { int x = rs.getInt(k++); v = rs.wasNull() ? null : x; }
                        case INT64 -> { long x = rs.getLong(k++); v = rs.wasNull() ? null : x; }
                        case DOUBLE -> { double x = rs.getDouble(k++); v = rs.wasNull() ? null : x; }
                        case BOOLEAN -> { boolean x = rs.getBoolean(k++); v = rs.wasNull() ? null : x; }
                        case TIMESTAMP -> { long x = rs.getLong(k++); v = rs.wasNull() ? null : java.time.Instant.EPOCH.plusNanos(x * 1000); }
                        case DATE -> { String x = rs.getString(k++); v = x == null ? null : java.time.LocalDate.parse(x); }
                        case STRING_LIST -> {
                            String x = rs.getString(k++);
                            long n = rs.getLong(k++);
                            v = x == null && rs.wasNull() ? null : n == 0 ? List.of() : Arrays.asList(x.split("\\u001f", -1));
                        }
                        default -> throw new IllegalArgumentException(f.type().toString());
                    }
                    row.set(i, v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final TableSchema table;

        Builder(OutputFile file, TableSchema table) {
            super(file);
            this.table = table;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(table, ParquetSchemas.messageType(table), Map.of());
        }
    }
}
