package io.lastlight.parquet;

import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.TableSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes {@link Row}s following the table's declared schema. */
final class RowWriteSupport extends WriteSupport<Row> {
    private final TableSchema table;
    private final MessageType schema;
    private final Map<String, String> metadata;
    /** Key-value metadata known only when the file is finished (e.g. the digest of the input just read). */
    private final Map<String, String> late = new java.util.LinkedHashMap<>();
    private RecordConsumer out;
    /**
     * Per column, the last string written and its binary: pointer columns (file, record id, URI, time) repeat
     * the same String instance for every row of a capture, and consecutive rows often repeat a value (a creator
     * page embeds its author's profile in every post), so a run of equal values is encoded once.
     */
    private final String[] lastString;
    private final Binary[] lastBinary;

    RowWriteSupport(TableSchema table, MessageType schema, Map<String, String> metadata) {
        this.table = table;
        this.schema = schema;
        this.metadata = metadata;
        this.lastString = new String[table.fields().size()];
        this.lastBinary = new Binary[table.fields().size()];
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, metadata);
    }

    void putLate(String key, String value) {
        late.put(key, value);
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
        return new FinalizedWriteContext(new java.util.LinkedHashMap<>(late));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
        Object[] values = row.values();
        List<FieldSchema> fields = table.fields();
        out.startMessage();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            FieldSchema f = fields.get(i);
            if (v == null) {
                if (!f.nullable()) {
                    throw new IllegalArgumentException("table " + table.name() + ": required field " + f.name() + " is null");
                }
                continue;
            }
            out.startField(f.name(), i);
            writeValue(i, f, v);
            out.endField(f.name(), i);
        }
        out.endMessage();
    }

    /** Array-backed binaries: dictionary look-ups compare byte arrays, much cheaper than the ByteBuffer path. */
    private static Binary utf8(String s) {
        return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    private void writeValue(int i, FieldSchema f, Object v) {
        switch (f.type()) {
            case STRING: {
                if (v instanceof byte[] utf8) {   // a value read back from a sorted run (RunCodec)
                    out.addBinary(Binary.fromConstantByteArray(utf8));
                    break;
                }
                String s = (String) v;
                if (s != lastString[i] && !s.equals(lastString[i])) {
                    lastString[i] = s;
                    lastBinary[i] = utf8(s);
                }
                out.addBinary(lastBinary[i]);
                break;
            }
            case INT32:
                out.addInteger(((Number) v).intValue());
                break;
            case INT64:
                out.addLong(((Number) v).longValue());
                break;
            case DOUBLE:
                out.addDouble(((Number) v).doubleValue());
                break;
            case BOOLEAN:
                out.addBoolean((Boolean) v);
                break;
            case TIMESTAMP: {
                Instant t = (Instant) v;
                out.addLong(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
                break;
            }
            case DATE:
                out.addInteger((int) ((java.time.LocalDate) v).toEpochDay());
                break;
            case STRING_LIST: {
                @SuppressWarnings("unchecked")
                List<String> list = (List<String>) v;
                out.startGroup();
                if (!list.isEmpty()) {
                    out.startField("list", 0);
                    for (String s : list) {
                        out.startGroup();
                        if (s != null) {
                            out.startField("element", 0);
                            out.addBinary(utf8(s));
                            out.endField("element", 0);
                        }
                        out.endGroup();
                    }
                    out.endField("list", 0);
                }
                out.endGroup();
                break;
            }
            default:
                throw new IllegalArgumentException("unsupported type " + f.type());
        }
    }
}
