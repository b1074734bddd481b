package io.lastlight.schema;

import java.util.Locale;

/** The column types a dataset table may use. Kept deliberately small so Parquet, DuckDB and Python agree. */
public enum FieldType {
    STRING("VARCHAR"),
    INT32("INTEGER"),
    INT64("BIGINT"),
    DOUBLE("DOUBLE"),
    BOOLEAN("BOOLEAN"),
    /** Microseconds since the epoch, UTC (Parquet TIMESTAMP(MICROS, isAdjustedToUTC=true)). */
    TIMESTAMP("TIMESTAMP WITH TIME ZONE"),
    /** A calendar day (Parquet DATE). */
    DATE("DATE"),
    /** A list of strings (Parquet three-level LIST). */
    STRING_LIST("VARCHAR[]");

    private final String duckDbType;

    FieldType(String duckDbType) {
        this.duckDbType = duckDbType;
    }

    public String duckDbType() {
        return duckDbType;
    }

    /** Parses the spelling used in the schema file: {@code string}, {@code int64}, {@code list<string>} … */
    public static FieldType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "string": return STRING;
            case "int32": return INT32;
            case "int64": return INT64;
            case "double": return DOUBLE;
            case "boolean": return BOOLEAN;
            case "timestamp": return TIMESTAMP;
            case "date": return DATE;
            case "list<string>": return STRING_LIST;
            default:
                throw new IllegalArgumentException("unknown field type '" + text
                        + "' (expected string, int32, int64, double, boolean, timestamp, date or list<string>)");
        }
    }

    public String spelling() {
        return this == STRING_LIST ? "list<string>" : name().toLowerCase(Locale.ROOT);
    }
}
