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
