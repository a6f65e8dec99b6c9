package dev.acssync.outcome;

import dev.acssync.metrics.SyncMetrics;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Opens, counts and closes the {@link RunReport} of a run; the routes write it out. */
@Component("runReports")
public class RunReports {
    private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

    private final SyncMetrics metrics;
    private final RunOutputs outputs;
    private final boolean dryRunEverything;

    public RunReports(SyncMetrics metrics, RunOutputs outputs, @Value("${sync.dry-run:false}") boolean dryRunEverything) {
        this.metrics = metrics;
        this.outputs = outputs;
        this.dryRunEverything = dryRunEverything;
    }

    /** A file is dry-run when the service is, or when its name says so: {@code profiles.dry-run.csv}. */
    private boolean dryRun(String name) {
        return dryRunEverything || (name != null && name.contains(".dry-run."));
    }

    /** A run for one file (watched folder or SFTP), named after the file. */
    public RunReport start(@Header(Exchange.FILE_NAME_ONLY) String source, Exchange exchange) {
        RunReport run = new RunReport(source, channelOf(exchange), dryRun(source));
        String outputName = outputs.claim(run);
        LOG.info("{}: started{}", source, outputName.equals(source) ? "" : " (outputs named " + outputName + ")");
        // the name goes back to the pool whatever happens to the run
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                outputs.release(outputName);
            }
        });
        return run;
    }

    private static String channelOf(Exchange exchange) {
        return exchange.getFromEndpoint() == null ? "unknown" : exchange.getFromEndpoint().getEndpointBaseUri().split(":")[0];
    }

    /** A run for one JMS message, named after its message id. */
    public RunReport startMessage(@Header("JMSMessageID") String messageId) {
        String source = "jms:" + messageId;
        LOG.debug("{}: started", source);
        return new RunReport(source, "jms", dryRunEverything);
    }

    public void count(@ExchangeProperty("run") RunReport run, @Body RecordOutcome outcome) {
        run.count(outcome);
        metrics.recordOutcome(run.getChannel(), outcome);
    }

    public RunReport completed(@ExchangeProperty("run") RunReport run) {
        run.finish("COMPLETED", null);
        LOG.info("{}: finished in {} ms: {} records, {} updated, {} dead-lettered {}", run.getSource(), run.durationMillis(),
                run.getRecords(), run.getUpdated(), run.getDeadLettered(), run.getReasons());
        return run;
    }

    public RunReport failed(Exchange exchange) {
        RunReport run = exchange.getProperty("run", RunReport.class);
        if (run == null) {
            run = start(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class), exchange);
            exchange.setProperty("run", run);
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = cause == null ? "unknown error" : cause.getMessage();
        run.finish("FAILED", error);
        LOG.warn("{}: moved to failed after {} records ({} updated, {} dead-lettered): {}", run.getSource(),
                run.getRecords(), run.getUpdated(), run.getDeadLettered(), error);
        LOG.debug("{}: why it failed", run.getSource(), cause);
        return run;
    }
}
