package io.lastlight.parquet;

import io.lastlight.schema.TableSchema;

import java.util.Arrays;

/** One row of a table, values in schema order, set by field name (unknown names fail fast). */
public final class Row {
    private final TableSchema table;
    private final Object[] values;

    public Row(TableSchema table) {
        this.table = table;
        this.values = new Object[table.fields().size()];
    }

    /**
     * A row over {@code values} (in schema order, taken as they are), as read back from a sorted run: strings of
     * columns outside the sort key are UTF-8 {@code byte[]}, for {@link RowWriteSupport} only.
     */
    Row(TableSchema table, Object[] values) {
        this.table = table;
        this.values = values;
    }

    public Row set(String field, Object value) {
        int i = table.indexOf(field);
        if (i < 0) throw new IllegalArgumentException("table " + table.name() + " has no field " + field);
        values[i] = value;
        return this;
    }

    /** Sets the value at a column position ({@link TableSchema#indexOf}), for callers that looked it up once. */
    public Row set(int index, Object value) {
        values[index] = value;
        return this;
    }

    public Object get(String field) {
        return values[table.indexOf(field)];
    }

    public TableSchema table() {
        return table;
    }

    Object[] values() {
        return values;
    }

    @Override
    public String toString() {
        return table.name() + Arrays.toString(values);
    }
}
