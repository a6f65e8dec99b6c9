package dev.acssync.record;

/** The input file as a whole cannot be read (unknown format, broken JSON array, bad encoding): it goes to failed/. */
public class UnreadableFileException extends RuntimeException {
    public UnreadableFileException(String message) {
        super(message);
    }

    public UnreadableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
