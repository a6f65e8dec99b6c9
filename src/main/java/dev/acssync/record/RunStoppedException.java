package dev.acssync.record;

/**
 * A file stopped being read because the service is shutting down. Not a failure of the file: it stays in the inbox,
 * and its run is finished at the next start (see {@code file-error-policy} in routes/error-policies.yaml).
 */
public class RunStoppedException extends RuntimeException {
    public RunStoppedException(String message) {
        super(message);
    }
}
