package dev.acssync.metrics;

/** What {@code sync.records} counts of a record's outcome: its status, and its reason when it is a dead letter. */
public interface CountedOutcome {
    String getStatus();

    /** The reason's name, or null when the record was not dead-lettered. */
    String reasonName();
}
