package io.lastlight.schema;

import java.util.Objects;

/** One column of a dataset table, as declared in the schema file. */
public record FieldSchema(String name, FieldType type, boolean nullable, String description, String example) {
    public FieldSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("field name '" + name + "' must be lower_snake_case");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("field '" + name + "' has no description");
        }
    }
}
