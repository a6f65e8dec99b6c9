package dev.acssync.outcome;

import dev.acssync.acs.AcsCredentialsException;
import dev.acssync.acs.AcsTransientException;
import dev.acssync.record.SyncRecord;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Gives each record its outcome: called at the end of the pipeline, or by the error policy with the exception. */
@Component("recordOutcomes")
public class RecordOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(RecordOutcomes.class);
    /** Exchange property: how many ACS calls were made for the record (retries included). */
    public static final String ACS_CALLS = "acsCalls";
    /**
     * Exchange property the outcome routes choose on: UPDATED, WOULD_UPDATE or DEAD_LETTERED. A plain property,
     * because {@code ${body.status}} in a route would invoke the getter through a copy of the whole exchange.
     */
    static final String OUTCOME_STATUS = "outcomeStatus";

    public RecordOutcome updated(Exchange exchange) {
        SyncRecord record = exchange.getProperty("record", SyncRecord.class);
        RecordOutcome outcome = RecordOutcome.success(record, attempts(exchange));
        LOG.debug("{}: profile {} assigned to org unit {}", record, record.getProfilePKey(), outcome.getOrgUnit());
        return withStatus(exchange, outcome);
    }

    public RecordOutcome wouldUpdate(Exchange exchange) {
        SyncRecord record = exchange.getProperty("record", SyncRecord.class);
        return withStatus(exchange, RecordOutcome.wouldUpdate(record, attempts(exchange)));
    }

    public RecordOutcome deadLettered(Exchange exchange) {
        SyncRecord record = exchange.getProperty("record", SyncRecord.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RecordOutcome outcome = classify(record, e, attempts(exchange));
        LOG.debug("{}: dead-lettered, {}: {}", record, outcome.getReason(), outcome.getDetail());
        return withStatus(exchange, outcome);
    }

    private static RecordOutcome withStatus(Exchange exchange, RecordOutcome outcome) {
        exchange.setProperty(OUTCOME_STATUS, outcome.getStatus());
        return outcome;
    }

    private static RecordOutcome classify(SyncRecord record, Throwable e, int attempts) {
        if (e instanceof RecordRejectedException r) {
            return RecordOutcome.rejection(record, r.getReason(), r.getMessage(), r.getHttpStatus(), attempts);
        }
        if (e instanceof AcsCredentialsException t) {
            return RecordOutcome.rejection(record, OutcomeReason.REJECTED_BY_ACS,
                    "ACS refused the service's credentials: " + t.getMessage(), t.getHttpStatus(), attempts);
        }
        if (e instanceof AcsTransientException t) {
            return RecordOutcome.rejection(record, OutcomeReason.RETRIES_EXHAUSTED,
                    "still failing after " + attempts + " ACS calls: " + t.getMessage(), t.getHttpStatus(), attempts);
        }
        if (e instanceof IOException) {
            return RecordOutcome.rejection(record, OutcomeReason.RETRIES_EXHAUSTED,
                    "still failing after " + attempts + " ACS calls: " + e, null, attempts);
        }
        LOG.error("{}: unexpected failure", record, e);
        return RecordOutcome.rejection(record, OutcomeReason.UNEXPECTED_ERROR, String.valueOf(e), null, attempts);
    }

    private static int attempts(Exchange exchange) {
        return exchange.getProperty(ACS_CALLS, 0, Integer.class);
    }
}
