package dev.acssync.record;

/**
 * What a file's reader tells its run as it goes, and asks it: each record handed over (its line and how far the file
 * is read), whether a record already has its outcome (a run resumed from its checkpoint skips it), and whether to go
 * on (a run stopped early takes no more records).
 */
public interface ReadProgress {
    /** No one listens: read every record to the end. */
    ReadProgress NONE = new ReadProgress() {
        @Override
        public void recordRead(long line, long position, long bytes, long fileBytes) {
        }

        @Override
        public boolean skipIfDone(long line) {
            return false;
        }

        @Override
        public boolean stopReading() {
            return false;
        }
    };

    /**
     * The record at {@code line} is handed to the run; {@code position} records have been passed so far (skipped ones
     * included), and they take about {@code bytes} of the file's {@code fileBytes} (where the parser is, not how far
     * the read buffer runs ahead).
     */
    void recordRead(long line, long position, long bytes, long fileBytes);

    /** The reader has reached the end of the file: it holds {@code records} records in all (skipped ones included). */
    default void endOfFile(long records) {
    }

    /** True when the record at {@code line} already had its final outcome before a restart: it is not handed over. */
    boolean skipIfDone(long line);

    /**
     * The same question, asked by a reader that hands nothing over (a file read for its keys before its run): no side
     * effect, so the run's own reading still decides where it stands.
     */
    default boolean wasDone(long line) {
        return false;
    }

    /** A record was read ahead of the run (for the keys its file names): a sign of life, nothing handed over. */
    default void readAhead() {
    }

    /** True when the run takes no more records: reading ends there, as if the file ended. */
    boolean stopReading();
}
