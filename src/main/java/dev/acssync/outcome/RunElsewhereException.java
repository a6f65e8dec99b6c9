package dev.acssync.outcome;

/**
 * Another process holds the run lock of this file's outputs: another instance is running it (with several instances
 * on one shared folder, a leader that lost its lock mid-file goes on with that file while the new leader polls).
 * Not a failure of the file: it stays in the inbox and is taken once that run has ended (file-error-policy).
 */
public class RunElsewhereException extends RuntimeException {
    public RunElsewhereException(String message) {
        super(message);
    }
}
