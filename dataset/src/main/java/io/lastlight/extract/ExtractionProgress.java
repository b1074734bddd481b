package io.lastlight.extract;

/**
 * What one file's extraction has got through, told as it goes: the bytes of the file read as each record is handed
 * on (on the reading thread) and the rows of each batch written, in read order. For a live status only: nothing here changes the output.
 */
public interface ExtractionProgress {
    /** Tells nothing. */
    ExtractionProgress NONE = new ExtractionProgress() {
        @Override
        public void read(long bytes) {}

        @Override
        public void written(int captures, int posts) {}
    };

    /**
     * {@code bytes} of the file, as stored (compressed or not), have been read: a position in the file, not a record's
     * offset (in a file gzipped whole those are positions in the decompressed bytes).
     */
    void read(long bytes);

    /** A batch's rows are with the writers: {@code captures} rows of {@code captures}, {@code posts} of post_observations. */
    void written(int captures, int posts);
}
