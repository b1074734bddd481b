package io.lastlight.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset table: its fields in order, its key and the order its rows are written in.
 * {@code kind} says how it is produced: {@code observation} tables are extracted per WARC file,
 * {@code derived} tables are computed with SQL over the observations.
 */
public final class TableSchema {
    private final String name;
    private final String kind;
    private final String description;
    private final List<String> key;
    private final List<String> sortBy;
    private final List<FieldSchema> fields;
    private final Map<String, Integer> index = new HashMap<>();

    public TableSchema(String name, String kind, String description, List<String> key, List<String> sortBy,
                       List<FieldSchema> fields) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.description = Objects.requireNonNull(description, "description");
        this.key = List.copyOf(key);
        this.sortBy = List.copyOf(sortBy);
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        for (int i = 0; i < fields.size(); i++) {
            if (index.put(fields.get(i).name(), i) != null) {
                throw new IllegalArgumentException("table " + name + ": field " + fields.get(i).name() + " declared twice");
            }
        }
        for (String k : key) requireField(k, "key");
        for (String k : sortBy) requireField(k, "sort_by");
    }

    private void requireField(String field, String what) {
        if (!index.containsKey(field)) {
            throw new IllegalArgumentException("table " + name + ": " + what + " names unknown field " + field);
        }
    }

    public String name() { return name; }
    public String kind() { return kind; }
    public String description() { return description; }
    public List<String> key() { return key; }
    public List<String> sortBy() { return sortBy; }
    public List<FieldSchema> fields() { return fields; }

    /** Position of a field, or -1. */
    public int indexOf(String field) {
        return index.getOrDefault(field, -1);
    }

    public FieldSchema field(String field) {
        int i = indexOf(field);
        if (i < 0) throw new IllegalArgumentException("table " + name + " has no field " + field);
        return fields.get(i);
    }

    public List<String> fieldNames() {
        List<String> names = new ArrayList<>(fields.size());
        for (FieldSchema f : fields) names.add(f.name());
        return names;
    }
}
