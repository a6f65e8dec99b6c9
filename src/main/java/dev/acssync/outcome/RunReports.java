package dev.acssync.outcome;

import dev.acssync.source.SyncProperties;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Ordered;
import org.apache.camel.Variable;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opens and closes the {@link RunReport} of a run (a file, or a JMS message); its records are counted into it by
 * {@link RunReportAggregation}, and the routes write it out. A file's run claims its output names ({@link RunOutputs})
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

    public RunReports(RunOutputs outputs, Checkpoints checkpoints, SyncProperties sync) {
        this.outputs = outputs;
        this.checkpoints = checkpoints;
        this.earlyStop = new EarlyStop(sync.earlyStop().firstRecords(), sync.earlyStop().deadLetterPercent());
        this.logEvery = Duration.ofMillis(sync.report().progressLogIntervalMs());
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
        exchange.getExchangeExtension().addOnCompletion(new ReleaseLast(outputs, outputName));
        RunReport.Resumed resumed = run.getResumed();
        LOG.info("{}: started{}{}{}", source, dryRun ? " (dry run)" : "",
                outputName.equals(source) ? "" : " (outputs named " + outputName + ")",
                resumed == null ? "" : ", going on after the " + resumed.recordsBefore() + " records finished before a restart");
        running.put(run, Instant.now());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.remove(run);
                if ("RUNNING".equals(run.getStatus())) {
                    // stopped (the service is stopping): the next start goes on from here
                    checkpoints.write(run);
                } else {
                    // ended, its final report written: nothing to resume
                    checkpoints.deleteFor(run);
                }
            }
        });
        return run;
    }

    /** The split's per-record test: the run was stopped early, so a record not started yet is not sent. */
    public boolean stoppedEarly(@ExchangeProperty("run") RunReport run) {
        return run != null && run.isStoppedEarly();
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
            if (p != null && !logged.plus(logEvery).isAfter(now)) {
                running.replace(run, logged, now);
                LOG.info("{}: {} records so far ({} % of {} bytes read), {} records/s, finishing about {}", run.getSource(),
                        p.records(), p.percent(), p.fileBytes(), p.recordsPerSecond(), p.estimatedFinish());
            }
        });
    }

    public RunReport completed(@ExchangeProperty("run") RunReport run) {
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
        String error = cause == null ? "unknown error" : cause.getMessage();
        run.finish("FAILED", error);
        LOG.warn("{}: moved to failed after {} records ({} updated, {} unchanged, {} dead-lettered): {}", run.getSource(),
                run.getRecords(), run.getUpdated(), run.getUnchanged(), run.getDeadLettered(), error);
        LOG.debug("{}: why it failed", run.getSource(), cause);
        return run;
    }

    /** Gives a run's outputs back after every other completion of its exchange (the file's move included). */
    private static final class ReleaseLast extends SynchronizationAdapter implements Ordered {
        private final RunOutputs outputs;
        private final String outputName;

        ReleaseLast(RunOutputs outputs, String outputName) {
            this.outputs = outputs;
            this.outputName = outputName;
        }

        @Override
        public void onDone(Exchange exchange) {
            outputs.release(outputName);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }
    }
}
