package dev.acssync.outcome;

/** A file's run stopped early (see {@link EarlyStop}): the file goes to failed/ and its report says why. */
public class RunStoppedEarlyException extends RuntimeException {
    public RunStoppedEarlyException(String why) {
        super(why);
    }
}
