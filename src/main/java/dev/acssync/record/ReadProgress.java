package dev.acssync.record;

/**
 * What a file's reader tells its run as it goes, and asks it: how far it has read, and whether to go on (a run
 * stopped early takes no more records).
 */
public interface ReadProgress {
    /** No one listens: read to the end. */
    ReadProgress NONE = new ReadProgress() {
        @Override
        public void readSoFar(long records, long bytes, long fileBytes) {
        }

        @Override
        public boolean stopReading() {
            return false;
        }
    };

    /** {@code records} read, {@code bytes} of the file's {@code fileBytes} (ahead by at most the read buffer). */
    void readSoFar(long records, long bytes, long fileBytes);

    /** True when the run takes no more records: reading ends there, as if the file ended. */
    boolean stopReading();
}
