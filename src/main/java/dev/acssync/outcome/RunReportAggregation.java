package dev.acssync.outcome;

import dev.acssync.metrics.SyncMetrics;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The record splits' aggregation strategy: each record's outcome (assign-org-unit's answer, kept in the variable
 * {@code outcome}) is counted into
 * the run's report and the {@code sync.records} metric. Camel aggregates one outcome at a time, in the order records
 * finish, so the report is always a consistent tally: {@code updated + unchanged + deadLettered == records}.
 */
@Component("runReportAggregation")
public class RunReportAggregation implements AggregationStrategy {
    private final SyncMetrics metrics;
    private final Checkpoints checkpoints;

    public RunReportAggregation(SyncMetrics metrics, Checkpoints checkpoints) {
        this.metrics = metrics;
        this.checkpoints = checkpoints;
    }

    /** Counts the finished record; the file's (or message's) own exchange stays as it was. */
    @Override
    public Exchange aggregate(Exchange tally, Exchange finished, Exchange input) {
        RunReport run = finished.getProperty("run", RunReport.class);
        RecordOutcome outcome = finished.getVariable("outcome", RecordOutcome.class);
        if (run != null && outcome != null) {
            run.count(outcome);
            metrics.recordOutcome(run.getChannel(), outcome);
            checkpoints.counted(run);
        }
        return input;
    }

    @Override
    public Exchange aggregate(Exchange tally, Exchange finished) {
        throw new UnsupportedOperationException("the split gives its input exchange: see aggregate(tally, finished, input)");
    }
}
