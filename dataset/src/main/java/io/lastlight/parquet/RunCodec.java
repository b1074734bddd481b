package io.lastlight.parquet;

import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a sorted run spilled to disk: each value in schema order, a presence byte then the value (strings
 * and lists length-prefixed, numbers fixed width). Values read back are of the types {@link RowWriteSupport}
 * writes, so a row that made the round trip is written exactly as the row handed over; strings of columns outside
 * the table's {@code sort_by} come back as their UTF-8 bytes, which the writer takes as they are (no decoding into a
 * String and encoding again), those of the key columns as Strings. Only {@link ExternalSort} reads what it wrote, in the same process: no version or
 * framing beyond that.
 */
final class RunCodec {
    private final TableSchema table;
    private final FieldType[] types;
    /** Per column: a string column read back as a String (a {@code sort_by} column), not as UTF-8 bytes. */
    private final boolean[] asString;

    RunCodec(TableSchema table) {
        this.table = table;
        List<FieldSchema> fields = table.fields();
        types = new FieldType[fields.size()];
        for (int i = 0; i < types.length; i++) types[i] = fields.get(i).type();
        asString = new boolean[types.length];
        for (String key : table.sortBy()) asString[table.indexOf(key)] = true;
    }

    void write(Object[] values, Out out) throws IOException {
        for (int i = 0; i < types.length; i++) {
            Object v = values[i];
            if (v == null) {
                out.put((byte) 0);
                continue;
            }
            out.put((byte) 1);
            switch (types[i]) {
                case STRING -> {
                    if (v instanceof byte[] utf8) out.bytes(utf8);
                    else out.string((String) v);
                }
                case INT32 -> out.int32(((Number) v).intValue());
                case INT64 -> out.int64(((Number) v).longValue());
                case DOUBLE -> out.int64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
                case BOOLEAN -> out.put((byte) (((Boolean) v) ? 1 : 0));
                case TIMESTAMP -> {
                    Instant t = (Instant) v;
                    out.int64(t.getEpochSecond());
                    out.int32(t.getNano());
                }
                case DATE -> out.int64(((LocalDate) v).toEpochDay());
                case STRING_LIST -> {
                    @SuppressWarnings("unchecked")
                    List<String> list = (List<String>) v;
                    out.int32(list.size());
                    for (String s : list) {
                        out.put((byte) (s == null ? 0 : 1));
                        if (s != null) out.string(s);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported type " + types[i]);
            }
        }
    }

    /** The next row, or null at the end of the run. */
    Row read(In in) throws IOException {
        if (!in.more()) return null;
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (in.get() == 0) continue;
            values[i] = switch (types[i]) {
                case STRING -> asString[i] ? in.string() : in.bytes();
                case INT32 -> in.int32();
                case INT64 -> in.int64();
                case DOUBLE -> Double.longBitsToDouble(in.int64());
                case BOOLEAN -> in.get() != 0;
                case TIMESTAMP -> Instant.ofEpochSecond(in.int64(), in.int32());
                case DATE -> LocalDate.ofEpochDay(in.int64());
                case STRING_LIST -> {
                    int n = in.int32();
                    List<String> list = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) list.add(in.get() == 0 ? null : in.string());
                    yield list;
                }
                default -> throw new IllegalArgumentException("unsupported type " + types[i]);
            };
        }
        return new Row(table, values);
    }

    /**
     * Encoded rows going to a run file through one reusable buffer (no per-value synchronisation or copying), or,
     * made by {@link #memory}, into a growing array that holds one row's encoding at a time.
     */
    static final class Out implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private ByteBuffer buf;

        Out(Path file, int bufferBytes) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            this.buf = ByteBuffer.allocate(bufferBytes);
        }

        private Out(int initialBytes) {
            this.file = null;
            this.channel = null;
            this.buf = ByteBuffer.allocate(initialBytes);
        }

        /** An in-memory encoder: {@link #reset()}, write a row, then read {@link #array()} up to {@link #size()}. */
        static Out memory(int initialBytes) {
            return new Out(initialBytes);
        }

        void reset() {
            buf.clear();
        }

        int size() {
            return buf.position();
        }

        byte[] array() {
            return buf.array();
        }

        Path file() {
            return file;
        }

        private void room(int n) throws IOException {
            if (buf.remaining() >= n) return;
            if (channel != null) {
                flush();
                if (buf.remaining() >= n) return;
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * buf.capacity(), (long) buf.position() + n)));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }

        void put(byte b) throws IOException {
            room(1);
            buf.put(b);
        }

        void int32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void int64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void string(String s) throws IOException {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(byte[] b) throws IOException {
            int32(b.length);
            raw(b, 0, b.length);
        }

        /** Bytes as they are (a row already encoded, or a string's UTF-8). */
        void raw(byte[] b, int off, int len) throws IOException {
            if (channel != null && len > buf.capacity()) {
                flush();
                ByteBuffer whole = ByteBuffer.wrap(b, off, len);
                while (whole.hasRemaining()) channel.write(whole);
                return;
            }
            room(len);
            buf.put(b, off, len);
        }

        private void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) channel.write(buf);
            buf.clear();
        }

        @Override
        public void close() throws IOException {
            if (channel == null) return;
            try {
                flush();
            } finally {
                channel.close();
            }
        }
    }

    /** A run file read back from its start, or, made by {@link #memory}, rows encoded in an array. */
    static final class In implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final ByteBuffer buf;
        private boolean eof;

        In(Path file, int bufferBytes) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.buf = ByteBuffer.allocate(bufferBytes);
            buf.flip();
        }

        private In(byte[] array, int offset, int length) {
            this.file = null;
            this.channel = null;
            this.buf = ByteBuffer.wrap(array, offset, length);
            this.eof = true;
        }

        /** Reads the rows encoded in {@code array[offset, offset + length)}. */
        static In memory(byte[] array, int offset, int length) {
            return new In(array, offset, length);
        }

        /** True if another row starts here. */
        boolean more() throws IOException {
            if (!buf.hasRemaining() && channel != null) read(1);
            return buf.hasRemaining();
        }

        /** Makes {@code n} bytes readable, or says where the run ended early. */
        private void fill(int n) throws IOException {
            if (buf.remaining() >= n) return;
            if (channel != null) read(n);
            if (buf.remaining() < n) {
                throw new EOFException((file == null ? "sort buffer" : file.toString()) + ": run ends inside a row, " + n
                        + " bytes wanted at byte " + (channel == null ? buf.position() : channel.position() - buf.remaining()));
            }
        }

        private void read(int n) throws IOException {
            buf.compact();
            while (buf.position() < n && !eof) {
                if (channel.read(buf) < 0) eof = true;
            }
            buf.flip();
        }

        byte get() throws IOException {
            fill(1);
            return buf.get();
        }

        int int32() throws IOException {
            fill(4);
            return buf.getInt();
        }

        long int64() throws IOException {
            fill(8);
            return buf.getLong();
        }

        byte[] bytes() throws IOException {
            int n = int32();
            byte[] b = new byte[n];
            if (n <= buf.capacity() || channel == null) {
                fill(n);
                buf.get(b);
                return b;
            }
            readLong(b);
            return b;
        }

        /** Reads the next {@code n} bytes into {@code b[0, n)} (a sorted run's key or row, copied as they are). */
        void raw(byte[] b, int n) throws IOException {
            if (n <= buf.capacity() || channel == null) {
                fill(n);
                buf.get(b, 0, n);
                return;
            }
            int have = buf.remaining();
            buf.get(b, 0, have);
            ByteBuffer rest = ByteBuffer.wrap(b, have, n - have);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) throw new EOFException(file + ": run ends inside a " + n + "-byte row");
            }
        }

        private void readLong(byte[] b) throws IOException {
            int have = buf.remaining();
            buf.get(b, 0, have);
            ByteBuffer rest = ByteBuffer.wrap(b, have, b.length - have);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) throw new EOFException(file + ": run ends inside a " + b.length + "-byte string");
            }
        }

        String string() throws IOException {
            int n = int32();
            if (n <= buf.capacity() || channel == null) {
                fill(n);
                String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
                buf.position(buf.position() + n);
                return s;
            }
            byte[] b = new byte[n];
            readLong(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            if (channel != null) channel.close();
        }
    }
}
