package io.lastlight.parquet;

import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A row's {@code sort_by} values as bytes whose unsigned order is {@link SortOrder}'s: the order DuckDB gives the
 * written file. Per column a presence byte (0 for a value, 1 for null, so nulls sort last), then
 * <ul>
 * <li>a string as its UTF-8 bytes (code point order; a lone surrogate becomes {@code ?}, as parquet-java writes
 * it), each 0x00 written 0x00 0xFF and the end marked 0x00 0x00, so a string sorts before every longer one it
 * begins;</li>
 * <li>a number (INT32, INT64) or a date (its epoch day) as 8 big-endian bytes with the sign bit flipped;</li>
 * <li>a time as its epoch second so, then its microsecond within the second (the file holds microseconds, so times
 * within one microsecond tie);</li>
 * <li>a double as the bits of {@link Double#compare}'s order; a boolean as one byte, false first.</li>
 * </ul>
 * Comparing two keys is then one {@link java.util.Arrays#compareUnsigned} over arrays the sort keeps in its large
 * buffers: no key objects for the collector to copy, and no per-column dispatch per comparison.
 */
final class SortKey {
    private final int[] columns;
    private final FieldType[] types;

    SortKey(TableSchema table) {
        columns = new int[table.sortBy().size()];
        types = new FieldType[columns.length];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = table.indexOf(table.sortBy().get(k));
            types[k] = table.fields().get(columns[k]).type();
            if (types[k] == FieldType.STRING_LIST) {
                throw new IllegalArgumentException("table " + table.name() + ": cannot sort by the list column "
                        + table.sortBy().get(k));
            }
        }
    }

    /** Appends the key of {@code values} (a row's values in schema order) to {@code out}. */
    void write(Object[] values, RunCodec.Out out) throws IOException {
        for (int k = 0; k < columns.length; k++) {
            Object v = values[columns[k]];
            if (v == null) {
                out.put((byte) 1);
                continue;
            }
            out.put((byte) 0);
            switch (types[k]) {
                case STRING -> string(v instanceof byte[] utf8 ? utf8 : ((String) v).getBytes(StandardCharsets.UTF_8), out);
                case INT32, INT64 -> out.int64(((Number) v).longValue() ^ Long.MIN_VALUE);
                case DATE -> out.int64(((LocalDate) v).toEpochDay() ^ Long.MIN_VALUE);
                case TIMESTAMP -> {
                    Instant t = (Instant) v;
                    out.int64(t.getEpochSecond() ^ Long.MIN_VALUE);
                    out.int32(t.getNano() / 1000);
                }
                case DOUBLE -> {
                    long bits = Double.doubleToLongBits(((Number) v).doubleValue());
                    out.int64(bits ^ ((bits >> 63) | Long.MIN_VALUE));
                }
                case BOOLEAN -> out.put((byte) (((Boolean) v) ? 1 : 0));
                default -> throw new IllegalArgumentException("unsupported sort type " + types[k]);
            }
        }
    }

    private static void string(byte[] utf8, RunCodec.Out out) throws IOException {
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == 0) {
                out.raw(utf8, from, i - from);
                out.put((byte) 0);
                out.put((byte) 0xFF);
                from = i + 1;
            }
        }
        out.raw(utf8, from, utf8.length - from);
        out.put((byte) 0);
        out.put((byte) 0);
    }
}
