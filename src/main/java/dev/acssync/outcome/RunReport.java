package dev.acssync.outcome;

import dev.acssync.vocabulary.OutcomeReason;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.acssync.record.ReadProgress;
import dev.acssync.vocabulary.AcsCallKind;
import dev.acssync.vocabulary.RunCalls;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tally of one run (one input file, one message): written as {@code <file>.report.json}.
 * {@code updated + unchanged + deadLettered == records} always holds, because records are counted only through their outcome.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "channel", "outputName", "dryRun", "status", "records", "updated", "unchanged", "deadLettered",
        "reasons", "acsCalls", "acsCallsPerRecord", "acsCallsByKind", "lookup", "progress", "outputFailure", "resumed", "startedAt", "finishedAt", "error"})
public class RunReport implements ReadProgress, RunCalls {
    private final String source;
    private final String channel;
    private final boolean dryRun;
    private final Instant startedAt = Instant.now();
    private final Map<OutcomeReason, Long> reasons = new EnumMap<>(OutcomeReason.class);
    /** Everything the run has done so far: records read (ahead for their keys too), ACS calls made, outcomes counted. */
    private final java.util.concurrent.atomic.AtomicLong activity = new java.util.concurrent.atomic.AtomicLong();
    private long updated;
    private long unchanged;
    private long deadLettered;
    /** ACS calls the run's records cost (every try of every call: lookups, PATCHes, retries), what the tenant meters. */
    private long acsCalls;
    /** The same calls by kind (AcsCallKind's order): listing pages, lookups, PATCHes, retries. */
    private final long[] acsCallsByKind = new long[AcsCallKind.values().length];
    /** How the run finds its profiles (a lookup a record, or a snapshot of the tenant), and how its listing went. */
    private volatile Lookup lookup;
    private volatile String outputName;
    private Instant finishedAt;
    private String status = "RUNNING";
    private String error;
    private long permanentDeadLetters;
    private long setupDeadLetters;
    private final EarlyStop earlyStop;
    private volatile String stopReason;
    /** The run stopped because its first records all said the set-up is wrong, not the file. */
    private volatile boolean stoppedForSetup;
    /** What this run could not write (a full disk): it takes no more records, and its file stays in the inbox. */
    private volatile String outputFailure;
    // what the reader has taken so far
    private volatile long recordsRead;
    private volatile long bytesRead;
    private volatile long fileBytes = -1;
    /** How many records the file holds, once the reader has reached its end; -1 before. */
    private volatile long recordsInFile = -1;
    // which records have their outcome, by line (lines grow through a file): every line below doneBelow(), and each
    // of doneAhead; what a checkpoint saves, so that a restart skips them
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private final TreeSet<Long> doneAhead = new TreeSet<>();
    private long lastLinePassed;
    private int outcomesSinceCheckpoint;
    private long checkpoints;
    private final CheckpointWriter checkpointWriter = new CheckpointWriter();
    private volatile Checkpoint resumedFrom;
    private volatile FileIdentity file;

    public RunReport(String source, String channel, boolean dryRun) {
        this(source, channel, dryRun, EarlyStop.OFF);
    }

    public RunReport(String source, String channel, boolean dryRun, EarlyStop earlyStop) {
        this.source = source;
        this.channel = channel;
        this.dryRun = dryRun;
        this.earlyStop = earlyStop;
    }

    /** A dry run sends no PATCH: {@code updated} then counts the records that would be updated. */
    public boolean isDryRun() {
        return dryRun;
    }

    /**
     * Counts one outcome. {@code saysTheFileIsWrong}: a dead letter that counts toward an early stop;
     * {@code saysTheSetupIsWrong}: one that stops a run made only of such (the route process-file decides both).
     */
    synchronized void count(RecordOutcome outcome, boolean saysTheFileIsWrong, boolean saysTheSetupIsWrong) {
        activity.incrementAndGet();
        Long line = outcome.getLine();
        inFlight.remove(line);
        doneAhead.add(line);
        doneAhead.headSet(doneBelow()).clear();
        outcomesSinceCheckpoint++;
        acsCalls += outcome.getAttempts();
        int[] byKind = outcome.getSyncRecord().acsCallsByKind();
        for (int i = 0; i < byKind.length; i++) {
            acsCallsByKind[i] += byKind[i];
        }
        switch (outcome.status()) {
            case DEAD_LETTERED -> {
                deadLettered++;
                reasons.merge(outcome.getReason(), 1L, Long::sum);
                if (saysTheFileIsWrong) {
                    permanentDeadLetters++;
                }
                if (saysTheSetupIsWrong) {
                    setupDeadLetters++;
                }
            }
            case UNCHANGED -> unchanged++;
            case UPDATED, WOULD_UPDATE -> updated++;
        }
        if (stopReason == null) {
            stopReason = earlyStop.check(getRecords(), permanentDeadLetters, setupDeadLetters, this::getReasons);
            stoppedForSetup = stopReason != null && earlyStop.setupIsWrong(getRecords(), setupDeadLetters);
        }
    }

    @Override
    public synchronized void recordRead(long line, long position, long bytes, long ofBytes) {
        activity.incrementAndGet();
        inFlight.add(line);
        lastLinePassed = Math.max(lastLinePassed, line);
        recordsRead = position;
        bytesRead = bytes;
        fileBytes = ofBytes;
    }

    /** Records the reader has handed over or skipped as done so far. */
    long recordsRead() {
        return recordsRead;
    }

    @Override
    public void endOfFile(long records) {
        recordsInFile = records;
    }

    @Override
    public boolean wasDone(long line) {
        Checkpoint resumed = resumedFrom;
        return resumed != null && resumed.isDone(line);
    }

    /** A record whose outcome the run this one resumes had already made final is skipped. */
    @Override
    public boolean skipIfDone(long line) {
        Checkpoint resumed = resumedFrom;
        if (resumed == null || !resumed.isDone(line)) {
            return false; // the usual case, for every record of a run that was not resumed: no lock taken
        }
        synchronized (this) {
            lastLinePassed = Math.max(lastLinePassed, line);
        }
        return true;
    }

    /** Every record whose line is below this has its outcome. */
    private long doneBelow() {
        return inFlight.isEmpty() ? lastLinePassed + 1 : inFlight.first();
    }

    /** The file this run reads (for its checkpoint: a different file under the same name starts afresh). */
    @JsonIgnore
    public FileIdentity getFile() {
        return file;
    }

    RunReport withFile(FileIdentity identity) {
        this.file = identity;
        return this;
    }

    /** What a checkpoint saves now: the records with their outcome and their tally. */
    synchronized Checkpoint checkpoint() {
        outcomesSinceCheckpoint = 0;
        return new Checkpoint(++checkpoints, source, channel, dryRun, file, doneBelow(), List.copyOf(doneAhead), updated, unchanged,
                deadLettered, permanentDeadLetters, setupDeadLetters, acsCalls, getReasons(), resumedFrom != null ? resumedFrom.startedAt() : startedAt.toString(),
                getAcsCallsByKind());
    }

    /** What {@link Checkpoints} keeps per run (guarded by this object): the snapshot waiting for the disk. */
    static final class CheckpointWriter {
        Checkpoint pending;
        boolean scheduled;
    }

    CheckpointWriter checkpointWriter() {
        return checkpointWriter;
    }

    synchronized int outcomesSinceCheckpoint() {
        return outcomesSinceCheckpoint;
    }

    /** Takes over an interrupted run of the same file: its final outcomes stay counted, its records are skipped. */
    synchronized void resumeFrom(Checkpoint checkpoint) {
        resumedFrom = checkpoint;
        lastLinePassed = checkpoint.doneBelow() - 1;
        doneAhead.addAll(checkpoint.doneAhead());
        updated = checkpoint.updated();
        unchanged = checkpoint.unchanged();
        deadLettered = checkpoint.deadLettered();
        permanentDeadLetters = checkpoint.permanentDeadLetters();
        setupDeadLetters = checkpoint.setupDeadLetters();
        acsCalls = checkpoint.acsCalls();
        if (checkpoint.acsCallsByKind() != null) {
            for (AcsCallKind kind : AcsCallKind.values()) {
                acsCallsByKind[kind.ordinal()] = checkpoint.acsCallsByKind().getOrDefault(kind.label(), 0L);
            }
        }
        checkpoint.reasons().forEach((reason, n) -> reasons.put(OutcomeReason.valueOf(reason), n));
    }

    /** When this run resumed an interrupted one: when that one started, and how many records it had finished. */
    public synchronized Resumed getResumed() {
        return resumedFrom == null ? null : new Resumed(resumedFrom.startedAt(), recordsBeforeResume());
    }

    private long recordsBeforeResume() {
        return resumedFrom == null ? 0 : resumedFrom.updated() + resumedFrom.unchanged() + resumedFrom.deadLettered();
    }

    public record Resumed(String firstStartedAt, long recordsBefore) {
    }

    /** The run was stopped early (see {@link EarlyStop}), or an output could not be written: its reader takes no more records. */
    @Override
    public boolean stopReading() {
        return stopReason != null || outputFailure != null;
    }

    /** An output of this run could not be written: no more records are taken, and the file stays for a later run. */
    void outputFailed(String what) {
        if (outputFailure == null) {
            outputFailure = what;
        }
    }

    /** What this run could not write, or null: its file stays in the inbox and the run goes on from its checkpoint later. */
    public String getOutputFailure() {
        return outputFailure;
    }

    @JsonIgnore
    public boolean isStoppedEarly() {
        return stopReason != null;
    }

    /** Stopped early because its first records all said the set-up is wrong (see {@link EarlyStop}). */
    @JsonIgnore
    public boolean isStoppedForSetup() {
        return stoppedForSetup;
    }

    /** Why the run was stopped early, and where, or null. */
    @JsonIgnore
    public synchronized String getStopReason() {
        if (stopReason == null) {
            return null;
        }
        long notSent = recordsRead - getRecords();
        return stopReason + ". Reading stopped at record " + recordsRead + " of the file"
                + (notSent > 0 ? "; the " + notSent + " read but not started were not sent" : "");
    }

    /**
     * How far a running file is: records with an outcome and records read, bytes the reader has passed of the file's
     * size, how many records the file holds (counted once the reader has reached its end; until then estimated from
     * the records read and the share of bytes they take), the share of records done, records per second since the
     * start, and when it should finish at that pace. Null once ended.
     */
    public synchronized Progress getProgress() {
        if (!"RUNNING".equals(status) || fileBytes < 0) {
            return null;
        }
        long done = getRecords();
        double seconds = Math.max(0.001, (Instant.now().toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
        // the pace of this run: the records a resumed run found done are not part of it
        double perSecond = (done - recordsBeforeResume()) / seconds;
        boolean counted = recordsInFile >= 0;
        long expected = counted ? recordsInFile
                : bytesRead <= 0 || recordsRead == 0 ? -1 : Math.round(recordsRead * ((double) fileBytes / bytesRead));
        expected = expected < 0 ? -1 : Math.max(expected, recordsRead);
        double share = expected <= 0 ? 0 : Math.min(1, (double) done / expected);
        String finish = null;
        if (expected > 0 && perSecond > 0) {
            double secondsLeft = Math.max(0, expected - done) / perSecond;
            finish = Instant.now().plusMillis((long) (secondsLeft * 1000)).truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return new Progress(done, recordsRead, expected < 0 ? null : expected, counted, bytesRead, fileBytes,
                Math.round(share * 1000) / 10.0, Math.round(perSecond * 10) / 10.0, finish);
    }

    /**
     * A running file's progress, as written in its report: {@code percent} is the share of its records done;
     * {@code recordsInFile} is exact when {@code recordsCounted}, an estimate before.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(long records, long recordsRead, Long recordsInFile, boolean recordsCounted, long bytesRead,
                           long fileBytes, double percent, double recordsPerSecond, String estimatedFinish) {
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
        return updated + unchanged + deadLettered;
    }

    /** Records whose profile was already in their unit: no PATCH was sent. */
    public synchronized long getUnchanged() {
        return unchanged;
    }

    public synchronized long getUpdated() {
        return updated;
    }

    public synchronized long getDeadLettered() {
        return deadLettered;
    }

    /** ACS calls the records cost so far (every try of every call): what the tenant's engine-call allowance meters. */
    public synchronized long getAcsCalls() {
        return acsCalls;
    }

    /** The ACS calls so far by kind: listing (pages of a snapshot and its count), lookup, patch, retry. */
    public synchronized Map<String, Long> getAcsCallsByKind() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (AcsCallKind kind : AcsCallKind.values()) {
            out.put(kind.label(), acsCallsByKind[kind.ordinal()]);
        }
        return out;
    }

    /** Calls the run spent on no record of its own: the profile listing's pages and its count. */
    public synchronized void listingCalls(int calls) {
        activity.incrementAndGet();
        acsCalls += calls;
        acsCallsByKind[AcsCallKind.LISTING.ordinal()] += calls;
    }

    /** One call of the profile listing (a page, its count, a retry of either), counted as it is made. */
    @Override
    public void listingCall() {
        listingCalls(1);
    }

    @Override
    public void recordCallMade() {
        activity.incrementAndGet();
    }

    @Override
    public void readAhead() {
        activity.incrementAndGet();
    }

    /**
     * How much the run has done so far (records read, ACS calls made, outcomes counted): it grows as long as the run
     * moves (the liveness check sync/intakeProgress watches it).
     */
    @JsonIgnore
    public long activity() {
        return activity.get();
    }

    /** How the run finds its profiles, or null before it chose (a JMS message: always a lookup a record). */
    public Lookup getLookup() {
        return lookup;
    }

    public void setLookup(Lookup lookup) {
        this.lookup = lookup;
    }

    /**
     * How a file's run finds its profiles: {@code mode} per-record or snapshot, {@code why} (what acs.lookup.mode and,
     * for auto, the calls each way came to), and while or after it lists the tenant's profiles, {@code listing}
     * ("listing profiles, page k of n", then what it found).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Lookup(String mode, String why, String listing) {
    }

    /** {@link #getAcsCalls()} per record, to two decimals: the measure that matters most for a nightly export. */
    public synchronized double getAcsCallsPerRecord() {
        long records = getRecords();
        return records == 0 ? 0 : Math.round(acsCalls * 100.0 / records) / 100.0;
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
