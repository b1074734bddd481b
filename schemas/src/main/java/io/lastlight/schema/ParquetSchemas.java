package io.lastlight.schema;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.List;

/** Builds the Parquet {@link MessageType} of a table from its declaration. */
public final class ParquetSchemas {
    private ParquetSchemas() {}

    /**
     * The ZSTD level of every Parquet file lastlight writes (parquet-java's writers and DuckDB's COPY alike): 1,
     * not their default 3. On the 1M-post set the files are 2% larger (526 against 516 MB) and the build spends
     * ~7% less CPU in extraction (two alternated builds: 136.3 / 144.2 against 145.9 / 157.6 CPU-s); compression
     * was ~9 CPU-s of the sorting writers' samples and 7 of the derive's 27 (BENCHMARKS.md, issue #22). Readers
     * need nothing different.
     */
    public static final int ZSTD_LEVEL = 1;

    public static MessageType messageType(TableSchema table) {
        List<Type> columns = new ArrayList<>();
        for (FieldSchema f : table.fields()) columns.add(column(f));
        return new MessageType(table.name(), columns);
    }

    static Type column(FieldSchema f) {
        Type.Repetition rep = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        switch (f.type()) {
            case STRING:
                return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(f.name());
            case INT32:
                return Types.primitive(PrimitiveTypeName.INT32, rep).named(f.name());
            case INT64:
                return Types.primitive(PrimitiveTypeName.INT64, rep).named(f.name());
            case DOUBLE:
                return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(f.name());
            case BOOLEAN:
                return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(f.name());
            case TIMESTAMP:
                return Types.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(f.name());
            case DATE:
                return Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType()).named(f.name());
            case STRING_LIST:
                return Types.list(rep).optionalElement(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType()).named(f.name());
            default:
                throw new IllegalArgumentException("unsupported type " + f.type());
        }
    }
}
