package dev.acssync.outcome;

/**
 * A run could not write one of its outputs (a dead letter, a report, a checkpoint: a full disk, a folder made
 * read-only). Not a failure of the file: it stays in the inbox, and once the folder can be written again a later run
 * goes on from its checkpoint (file-error-policy).
 */
public class OutputsNotWrittenException extends RuntimeException {
    public OutputsNotWrittenException(String message) {
        super(message);
    }
}
