package dev.acssync.outcome;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tally of one run (one input file, one message): written as {@code <file>.report.json}.
 * {@code updated + deadLettered == records} always holds, because records are counted only through their outcome.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "channel", "outputName", "dryRun", "status", "records", "updated", "deadLettered", "reasons", "startedAt", "finishedAt", "error"})
public class RunReport {
    private final String source;
    private final String channel;
    private final boolean dryRun;
    private final Instant startedAt = Instant.now();
    private final Map<OutcomeReason, Long> reasons = new EnumMap<>(OutcomeReason.class);
    private long updated;
    private long deadLettered;
    private volatile String outputName;
    private Instant finishedAt;
    private String status = "RUNNING";
    private String error;

    public RunReport(String source, String channel, boolean dryRun) {
        this.source = source;
        this.channel = channel;
        this.dryRun = dryRun;
    }

    /** A dry run sends no PATCH: {@code updated} then counts the records that would be updated. */
    public boolean isDryRun() {
        return dryRun;
    }

    synchronized void count(RecordOutcome outcome) {
        if (outcome.isDeadLettered()) {
            deadLettered++;
            reasons.merge(outcome.getReason(), 1L, Long::sum);
        } else {
            updated++;
        }
    }

    synchronized void finish(String finalStatus, String errorText) {
        finishedAt = Instant.now();
        status = finalStatus;
        error = errorText;
    }

    public String getSource() {
        return source;
    }

    /**
     * The name this run's outputs are written under ({@code <outputName>.report.json}, ...): the file's name, or a
     * variant when another run had it (see {@link RunOutputs}). Null for a JMS message.
     */
    public String getOutputName() {
        return outputName;
    }

    RunReport withOutputName(String name) {
        this.outputName = name;
        return this;
    }

    /** Where the records came from: file, sftp or jms. */
    public String getChannel() {
        return channel;
    }

    /** COMPLETED when every record has an outcome; FAILED when the file could not be read to the end. */
    public synchronized String getStatus() {
        return status;
    }

    public synchronized long getRecords() {
        return updated + deadLettered;
    }

    public synchronized long getUpdated() {
        return updated;
    }

    public synchronized long getDeadLettered() {
        return deadLettered;
    }

    public synchronized Map<String, Long> getReasons() {
        Map<String, Long> out = new LinkedHashMap<>();
        reasons.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    public String getStartedAt() {
        return startedAt.toString();
    }

    public synchronized String getFinishedAt() {
        return finishedAt == null ? null : finishedAt.toString();
    }

    /** Why the file failed, when it did. */
    public synchronized String getError() {
        return error;
    }

    synchronized long durationMillis() {
        return (finishedAt == null ? Instant.now() : finishedAt).toEpochMilli() - startedAt.toEpochMilli();
    }
}
