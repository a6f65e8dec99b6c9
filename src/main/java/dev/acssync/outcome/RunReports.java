package dev.acssync.outcome;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
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

    public RunReports(RunOutputs outputs) {
        this.outputs = outputs;
    }

    /** A run of {@code source} (a file's name, or jms:&lt;message id&gt;) from {@code channel} (file, sftp, jms). */
    public RunReport start(String source, String channel, boolean dryRun, Exchange exchange) {
        RunReport run = new RunReport(source, channel, dryRun);
        if ("jms".equals(channel)) {
            LOG.debug("{}: started", source);
            return run;
        }
        String outputName = outputs.claim(run);
        LOG.info("{}: started{}{}", source, dryRun ? " (dry run)" : "",
                outputName.equals(source) ? "" : " (outputs named " + outputName + ")");
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                outputs.release(outputName);
            }
        });
        return run;
    }

    public RunReport completed(@ExchangeProperty("run") RunReport run) {
        run.finish("COMPLETED", null);
        LOG.info("{}: finished in {} ms: {} records, {} updated, {} dead-lettered {}", run.getSource(), run.durationMillis(),
                run.getRecords(), run.getUpdated(), run.getDeadLettered(), run.getReasons());
        return run;
    }

    /** The file could not be read to the end (file-error-policy): its run, started if it was not yet, is FAILED. */
    public RunReport failed(@ExchangeProperty("run") RunReport started, @Variable("channel") String channel, Exchange exchange) {
        RunReport run = started != null ? started
                : start(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class), channel, false, exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = cause == null ? "unknown error" : cause.getMessage();
        run.finish("FAILED", error);
        LOG.warn("{}: moved to failed after {} records ({} updated, {} dead-lettered): {}", run.getSource(),
                run.getRecords(), run.getUpdated(), run.getDeadLettered(), error);
        LOG.debug("{}: why it failed", run.getSource(), cause);
        return run;
    }
}
