package dev.acssync.outcome;

import dev.acssync.record.RunStoppedException;
import dev.acssync.source.SyncProperties;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import dev.acssync.snapshot.LookupPlan;
import dev.acssync.snapshot.ProfileSnapshot;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Ordered;
import org.apache.camel.Variable;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opens and closes the {@link RunReport} of a run (a file, or a JMS message); its records are counted into it as they
 * finish (step count-outcome), and the routes write it out. A file's run claims its output names ({@link RunOutputs})
 * and gives them back when its exchange is done, whatever happened.
 */
@Component("runReports")
public class RunReports {
    private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

    private final RunOutputs outputs;
    private final EarlyStop earlyStop;
    private final Duration logEvery;
    /** The file runs going on, each with when its progress was last logged. */
    private final Map<RunReport, Instant> running = new ConcurrentHashMap<>();

    private final Checkpoints checkpoints;
    private final OutputFailures failures;
    private final Path deadLetters;
    private final Path reports;
    private final Path dataDir;
    private final Path inbox;

    public RunReports(RunOutputs outputs, Checkpoints checkpoints, SyncProperties sync, OutputFailures failures) {
        this.outputs = outputs;
        this.checkpoints = checkpoints;
        this.failures = failures;
        this.deadLetters = sync.deadLetterDir();
        this.reports = sync.reportsDir();
        this.dataDir = sync.dataDir();
        this.inbox = sync.inboxDir();
        this.earlyStop = new EarlyStop(sync.earlyStop().firstRecords(), sync.earlyStop().deadLetterPercent());
        this.logEvery = Duration.ofMillis(sync.report().progressLogIntervalMs());
    }

    /** How the run finds its profiles, and why (routes/acs/profile-snapshot.camel.yaml, choice lookup-mode). */
    public void lookupChosen(@ExchangeProperty("run") RunReport run, @Variable("lookupPlan") LookupPlan plan) {
        run.setLookup(new RunReport.Lookup(plan.snapshot() ? "snapshot" : "per-record", plan.why(), null));
    }

    /** A page of the listing is in: "listing profiles, page k of n". */
    public void listingPage(@ExchangeProperty("run") RunReport run, @Variable("snapshot") ProfileSnapshot snapshot,
                            @Variable("lookupPlan") LookupPlan plan) {
        RunReport.Lookup now = run.getLookup();
        run.setLookup(new RunReport.Lookup(now.mode(), now.why(), snapshot.progress(plan)));
    }

    /** The listing ended: what it found. */
    public void listed(@ExchangeProperty("run") RunReport run, @Variable("snapshot") ProfileSnapshot snapshot) {
        RunReport.Lookup now = run.getLookup();
        run.setLookup(new RunReport.Lookup(now.mode(), now.why(), snapshot.summary()));
    }

    /** The listing failed: the records are looked up one by one; a warning and the report say why. */
    public void listingFailed(@ExchangeProperty("run") RunReport run, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        Throwable root = e == null ? new IllegalStateException("unknown error") : rootCause(e);
        // the kind of failure only: its message may quote a page of the listing, other people's emails
        String why = root.getClass().getSimpleName() + (root instanceof dev.acssync.acs.AcsTransientException t
                && t.getHttpStatus() != null ? " (HTTP " + t.getHttpStatus() + ")" : "")
                + (root instanceof dev.acssync.acs.AcsServerErrorException t ? " (HTTP " + t.getHttpStatus() + ")" : "");
        LOG.warn("{}: the profile listing failed, its records are looked up one by one: {}", run.getSource(), why);
        LOG.debug("{}: the profile listing's failure", run.getSource(), root);
        leftTheListing(run, "it failed: " + why);
    }

    /** auto gave the listing up (past its count, or as dear as the lookups it saves). */
    public void listingGivenUp(@ExchangeProperty("run") RunReport run, @Variable("givenUp") String why) {
        LOG.warn("{}: the profile listing was given up, its records are looked up one by one: {}", run.getSource(), why);
        leftTheListing(run, why);
    }

    private static void leftTheListing(RunReport run, String why) {
        RunReport.Lookup now = run.getLookup();
        run.setLookup(new RunReport.Lookup("per-record", (now == null ? "" : now.why() + "; ") + "the listing was left: " + why,
                now == null ? null : now.listing()));
    }

    /**
     * Counts a finished record into its run's report; every few outcomes, a file's run saves its checkpoint. Camel runs
     * a split's records in parallel: the report counts one outcome at a time, so it is always a consistent tally
     * ({@code updated + unchanged + deadLettered == records}).
     */
    public void count(@ExchangeProperty("run") RunReport run, @Variable("outcome") RecordOutcome outcome,
                      @Variable("saysTheFileIsWrong") Boolean saysTheFileIsWrong,
                      @Variable("saysTheSetupIsWrong") Boolean saysTheSetupIsWrong) {
        run.count(outcome, Boolean.TRUE.equals(saysTheFileIsWrong), Boolean.TRUE.equals(saysTheSetupIsWrong));
        checkpoints.counted(run);
    }

    /** A run of {@code source} (a file's name, or jms:&lt;message id&gt;) from {@code channel} (file, sftp, jms). */
    public RunReport start(String source, String channel, boolean dryRun, Exchange exchange) {
        return start(source, channel, dryRun, exchange, true);
    }

    /** {@code identify}: read the file's first bytes for its identity (only once it is known to be a plain file). */
    private RunReport start(String source, String channel, boolean dryRun, Exchange exchange, boolean identify) {
        if ("jms".equals(channel)) {
            LOG.debug("{}: started", source);
            return new RunReport(source, channel, dryRun);
        }
        RunReport run = new RunReport(source, channel, dryRun, earlyStop);
        File input = identify ? exchange.getMessage().getBody(File.class) : null;
        if (input != null) {
            run.withFile(FileIdentity.of(input, exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class),
                    exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class)));
        }
        String outputName = outputs.claim(run);
        // the outputs (and the run's lock) are given back last, once the file has moved: released before, another
        // instance polling the inbox could find the file still there and its run free, and run it again
        Path inFolder = "file".equals(channel) && input != null ? inbox.resolve(input.getName()) : null;
        exchange.getExchangeExtension().addOnCompletion(new ReleaseLast(outputs, outputName, run, inFolder));
        RunReport.Resumed resumed = run.getResumed();
        LOG.info("{}: started{}{}{}", source, dryRun ? " (dry run)" : "",
                outputName.equals(source) ? "" : " (outputs named " + outputName + ")",
                resumed == null ? "" : ", going on after the " + resumed.recordsBefore() + " records finished before a restart");
        running.put(run, Instant.now());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.remove(run);
                if ("RUNNING".equals(run.getStatus()) || done.isFailed()) {
                    // stopped (the service is stopping, an output could not be written, its final report included):
                    // the next run of the file goes on from here; its report says where it stopped, and why
                    refreshIdentity(run, inFolder);
                    checkpoints.write(run);
                    outputs.writeProgress(run);
                }
                // ended, its final report written: the checkpoint goes once the file has moved (ReleaseLast)
            }
        });
        return run;
    }

    /**
     * The split's per-record test: the run was stopped early, or one of its outputs could not be written, so a record
     * not started yet is not sent.
     */
    public boolean stoppedEarly(@ExchangeProperty("run") RunReport run) {
        return run != null && run.stopReading();
    }

    /**
     * file-error-policy, for a dead letter, a dry-run line or a report that could not be written: the run stops taking
     * records (the record whose output failed gets no outcome, so a later run does it again) and health says why.
     */
    public void outputFailed(@ExchangeProperty("run") RunReport run, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String text = String.valueOf(cause);
        Path folder = text.contains(deadLetters.toString()) ? deadLetters : text.contains(reports.toString()) ? reports : dataDir;
        String what = run == null ? "the outputs of a file" : "the outputs of " + run.getSource();
        Throwable root = cause == null ? new IllegalStateException("unknown error") : rootCause(cause);
        failures.failed(folder, what, root);
        if (run != null) {
            run.outputFailed("cannot write " + what + " in " + folder + ": " + root.getMessage());
        }
        exchange.removeVariable("outcome");
    }

    /**
     * The sentence meant for the user: the message of the service's own exception (naming the file, the line and what
     * to do), not the wrapping Camel adds around a bean call ("Failed to invoke method: read(...) on recordReader").
     */
    static String userSentence(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("dev.acssync.") && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return rootCause(e).getMessage() != null ? rootCause(e).getMessage() : String.valueOf(rootCause(e));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The file runs going on now. */
    public List<RunReport> inFlight() {
        return List.copyOf(running.keySet());
    }

    /**
     * Every few seconds (routes/pipeline/file-outputs.camel.yaml): each running file's report gets its progress, and
     * a line is logged for it once every sync.report.progress-log-interval-ms.
     */
    public void writeProgress() {
        Instant now = Instant.now();
        running.forEach((run, logged) -> {
            outputs.writeProgress(run);
            RunReport.Progress p = run.getProgress();
            RunReport.Lookup lookup = run.getLookup();
            if (p == null && lookup != null && lookup.listing() != null && !logged.plus(logEvery).isAfter(now)) {
                // before its records: the run lists the tenant's profiles
                running.replace(run, logged, now);
                LOG.info("{}: {}, {} ACS calls so far", run.getSource(), lookup.listing(), run.getAcsCalls());
            } else if (p != null && !logged.plus(logEvery).isAfter(now)) {
                running.replace(run, logged, now);
                LOG.info("{}: {} records done of {}{} ({} %), {} records/s, finishing about {}", run.getSource(),
                        p.records(), p.recordsCounted() ? "" : "about ", p.recordsInFile(), p.percent(), p.recordsPerSecond(),
                        p.estimatedFinish());
            }
        });
    }

    /**
     * Every record has its outcome: the run is complete. A record cut short by a stop has none (its failure stays on
     * its own split exchange): then the run is not complete, the file stays and its run is finished at the next start;
     * a JMS message is rolled back and redelivered.
     */
    public RunReport completed(@ExchangeProperty("run") RunReport run, @Variable("messageRecords") java.util.List<?> messageRecords) {
        long expected = messageRecords != null ? messageRecords.size() : run.recordsRead();
        if (run.getRecords() < expected) {
            throw new RunStoppedException(run.getSource() + ": " + (expected - run.getRecords()) + " of its records have no "
                    + "outcome (the service is stopping); it is finished at the next start");
        }
        run.finish("COMPLETED", null);
        LOG.info("{}: finished in {} ms: {} records, {} updated, {} unchanged, {} dead-lettered {}", run.getSource(),
                run.durationMillis(), run.getRecords(), run.getUpdated(), run.getUnchanged(), run.getDeadLettered(), run.getReasons());
        return run;
    }

    /** The file could not be read to the end (file-error-policy): its run, started if it was not yet, is FAILED. */
    public RunReport failed(@ExchangeProperty("run") RunReport started, @Variable("channel") String channel, Exchange exchange) {
        RunReport run = started != null ? started
                // a file refused before its run started (a link, an unsupported type) is not read, not even for its identity
                : start(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class), channel, false, exchange, false);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = cause == null ? "unknown error" : userSentence(cause);
        run.finish("FAILED", error);
        LOG.warn("{}: moved to failed after {} records ({} updated, {} unchanged, {} dead-lettered): {}", run.getSource(),
                run.getRecords(), run.getUpdated(), run.getUnchanged(), run.getDeadLettered(), error);
        LOG.debug("{}: why it failed", run.getSource(), cause);
        return run;
    }

    /**
     * The file as it is now, for the checkpoint: a file that grew while its run read it (written in place) is known by
     * its final size, so that its next run goes on from the checkpoint instead of starting afresh.
     */
    private static void refreshIdentity(RunReport run, Path inFolder) {
        if (inFolder != null && run.getFile() != null && Files.isRegularFile(inFolder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                run.withFile(FileIdentity.of(inFolder.toFile(), null, null));
            } catch (RuntimeException unreadable) {
                // the identity taken at the start stays
            }
        }
    }

    /**
     * After every other completion of a run's exchange (the file's move included): an ended run's checkpoint goes once
     * its file has left the inbox (if the move failed, the checkpoint stays, every record done, so that the next poll
     * only moves the file), and the run's outputs are given back.
     */
    private final class ReleaseLast extends SynchronizationAdapter implements Ordered {
        private final RunOutputs outputs;
        private final String outputName;
        private final RunReport run;
        private final Path inFolder;

        ReleaseLast(RunOutputs outputs, String outputName, RunReport run, Path inFolder) {
            this.outputs = outputs;
            this.outputName = outputName;
            this.run = run;
            this.inFolder = inFolder;
        }

        @Override
        public void onDone(Exchange exchange) {
            try {
                if (!exchange.isFailed() && !"RUNNING".equals(run.getStatus())) {
                    if (inFolder != null && Files.exists(inFolder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        // the move failed: every record is done; the next run of this file (as it is now) only moves it
                        refreshIdentity(run, inFolder);
                        checkpoints.write(run);
                        String target = exchange.getVariable("inputDone", String.class);
                        failures.failed(target != null ? Path.of(target) : inFolder.getParent(), "the move of "
                                + run.getSource() + " out of the inbox",
                                new IllegalStateException("the file is still in the inbox after its run ended"));
                    } else {
                        checkpoints.deleteFor(run);
                    }
                }
            } finally {
                outputs.release(outputName);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }
    }
}
