package dev.acssync.outcome;

import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.record.SyncRecord;

/** A record that ends as a dead letter, with exactly one reason and a detail saying why. */
public final class DeadLetter extends RecordOutcome {
    DeadLetter(SyncRecord record, OutcomeReason reason, String detail, Integer httpStatus, int attempts) {
        super(record, Status.DEAD_LETTERED, reason, detail, httpStatus, attempts);
    }
}
