package io.lastlight.parquet;

import io.lastlight.schema.TableSchema;

/**
 * Watches rows as they are written and tells whether they arrived in the table's {@code sort_by} order, as
 * DuckDB orders them: strings by their UTF-8 bytes (that is, by code point), numbers by value, times by value to
 * the microsecond (what the file holds), nulls last. Files whose rows arrive in order (captures, in WARC order)
 * need no sort pass.
 */
final class SortOrder {
    private final int[] keys;
    private Object[] previous;
    private boolean sorted = true;

    SortOrder(TableSchema table) {
        keys = new int[table.sortBy().size()];
        for (int i = 0; i < keys.length; i++) keys[i] = table.indexOf(table.sortBy().get(i));
    }

    void accept(Row row) {
        Object[] values = row.values();
        if (sorted && previous != null && compare(previous, values) > 0) sorted = false;
        previous = values;
    }

    /** True while every row so far was at or after the one before it. */
    boolean sorted() {
        return sorted;
    }

    /**
     * Orders rows' values by the table's {@code sort_by}, as DuckDB's {@code ORDER BY} does (see the class comment):
     * the reference {@link SortKey}'s byte order is tested against.
     */
    static java.util.Comparator<Object[]> comparator(TableSchema table) {
        return new SortOrder(table)::compare;
    }

    private int compare(Object[] a, Object[] b) {
        for (int k : keys) {
            int c = compareValues(a[k], b[k]);
            if (c != 0) return c;
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == b) return 0;
        if (a == null) return 1;
        if (b == null) return -1;
        if (a instanceof String x && b instanceof String y) return x.equals(y) ? 0 : compareCodePoints(x, y);
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof java.time.Instant x && b instanceof java.time.Instant y) {   // as written: microseconds
            int c = Long.compare(x.getEpochSecond(), y.getEpochSecond());
            return c != 0 ? c : Integer.compare(x.getNano() / 1000, y.getNano() / 1000);
        }
        return ((Comparable) a).compareTo(b);
    }

    /** UTF-8 byte order, which is code point order (String.compareTo compares UTF-16 units, which differs). */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x != y) {
                // a surrogate starts a code point above the BMP, so it sorts after every other char
                int cx = Character.isSurrogate(x) ? x + 0x10000 : x, cy = Character.isSurrogate(y) ? y + 0x10000 : y;
                return Integer.compare(cx, cy);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
