package io.lastlight.parquet;

import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Key bytes order rows exactly as {@link SortOrder} does (DuckDB's order of the written file), type by type. */
class SortKeyTest {
    private static TableSchema table(FieldType... types) {
        List<FieldSchema> fields = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            fields.add(new FieldSchema("c" + i, types[i], true, "a key", "x"));
            names.add("c" + i);
        }
        fields.add(new FieldSchema("payload", FieldType.STRING, true, "not a key", "x"));
        return new TableSchema("t", "observation", "a table", names, names, fields);
    }

    private static byte[] key(SortKey k, Object[] values) throws Exception {
        RunCodec.Out out = RunCodec.Out.memory(16);
        k.write(values, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    /** Strings that differ where UTF-16 order and code point order disagree, with NULs, prefixes and lone surrogates. */
    private static String string(Random r) {
        String[] parts = {"", "a", "ab", "\u0000", "\u0000\u0001", "\uFFFD", "\uE000", "\uD83D\uDE00", "\uD800", "é", "z", "\u007F"};
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(4); n > 0; n--) b.append(parts[r.nextInt(parts.length)]);
        return b.toString();
    }

    private static Object value(FieldType type, Random r) {
        if (r.nextInt(6) == 0) return null;
        return switch (type) {
            case STRING -> string(r);
            case INT32 -> r.nextBoolean() ? r.nextInt(5) - 2 : r.nextInt();
            case INT64 -> r.nextBoolean() ? (long) (r.nextInt(5) - 2) : r.nextLong();
            case DOUBLE -> new double[] {-0.0, 0.0, 1.5, -1.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                    Double.MIN_VALUE, r.nextGaussian()}[r.nextInt(9)];
            case BOOLEAN -> r.nextBoolean();
            case TIMESTAMP -> Instant.ofEpochSecond(r.nextInt(3) - 1 + (r.nextBoolean() ? 0 : -86_400L * 365 * 80),
                    new int[] {0, 999, 1000, 1500, 999_999_999}[r.nextInt(5)]);
            case DATE -> LocalDate.ofEpochDay(r.nextInt(5) - 2 + (r.nextBoolean() ? 0 : 20_000));
            case STRING_LIST -> throw new AssertionError();
        };
    }

    /** What the file holds and SortOrder compares: a lone surrogate written as '?'. */
    private static Object asWritten(Object v) {
        return v instanceof String s ? new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8) : v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"STRING", "INT32", "INT64", "DOUBLE", "BOOLEAN", "TIMESTAMP", "DATE"})
    void keyBytesOrderAsSortOrderForEveryType(String typeName) throws Exception {
        FieldType type = FieldType.valueOf(typeName);
        TableSchema t = table(type, FieldType.STRING);   // a second column: ties on the first go on to it
        SortKey k = new SortKey(t);
        java.util.Comparator<Object[]> order = SortOrder.comparator(t);
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Object[] a = {value(type, r), string(r), "x"}, b = {value(type, r), r.nextInt(3) == 0 ? a[1] : string(r), "y"};
            if (r.nextInt(4) == 0) b[0] = a[0];
            Object[] wa = {asWritten(a[0]), asWritten(a[1]), a[2]}, wb = {asWritten(b[0]), asWritten(b[1]), b[2]};
            int expected = Integer.signum(order.compare(wa, wb));
            int got = Integer.signum(Arrays.compareUnsigned(key(k, a), key(k, b)));
            assertEquals(expected, got, () -> typeName + ": " + Arrays.toString(a) + " vs " + Arrays.toString(b));
        }
    }

    @Test
    void theObservationTablesSortKeysAreAllEncodable() {
        for (TableSchema t : DatasetSchema.bundled().tables()) {
            if (t.sortBy().stream().noneMatch(c -> t.fields().get(t.indexOf(c)).type() == FieldType.STRING_LIST)) new SortKey(t);
        }
        TableSchema lists = new TableSchema("l", "observation", "a table", List.of("c"), List.of("c"),
                List.of(new FieldSchema("c", FieldType.STRING_LIST, true, "a list", "x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SortKey(lists));
        assertEquals("table l: cannot sort by the list column c", e.getMessage());
    }
}
