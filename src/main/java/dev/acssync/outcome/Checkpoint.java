package dev.acssync.outcome;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A running file's progress as a restart needs it ({@code data/checkpoints/<name>.checkpoint.json}): which records
 * have their final outcome (every line below {@code doneBelow}, and each of {@code doneAhead}, in order) and the
 * tally of those records ({@code acsCallsByKind} is absent from a checkpoint of an earlier version). Written by {@link Checkpoints} every {@code acs.concurrency} outcomes.
 */
public record Checkpoint(long sequence, String source, String channel, boolean dryRun, FileIdentity file, long doneBelow,
                         List<Long> doneAhead, long updated, long unchanged, long deadLettered, long permanentDeadLetters,
                         long setupDeadLetters, long acsCalls, Map<String, Long> reasons, String startedAt,
                         Map<String, Long> acsCallsByKind) {

    boolean isDone(long line) {
        return line < doneBelow || Collections.binarySearch(doneAhead, line) >= 0;
    }

    /** For the same file (name, channel and content) as {@code run}, run the same way (a dry run or not). */
    boolean isFor(RunReport run) {
        return source.equals(run.getSource()) && channel.equals(run.getChannel()) && dryRun == run.isDryRun()
                && file != null && file.equals(run.getFile());
    }
}
