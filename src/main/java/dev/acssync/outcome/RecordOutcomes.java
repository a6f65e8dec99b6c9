package dev.acssync.outcome;

import dev.acssync.acs.AcsCredentialsException;
import dev.acssync.acs.AcsServerErrorException;
import dev.acssync.acs.AcsTransientException;
import dev.acssync.record.SyncRecord;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives each record its outcome: at the end of assign-org-unit, or in record-error-policy from the exception. The
 * record and the number of ACS calls it cost are the pipeline's variables {@code record} and {@code acsCalls}.
 */
@Component("recordOutcomes")
public class RecordOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(RecordOutcomes.class);

    public RecordOutcome updated(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls) {
        RecordOutcome outcome = RecordOutcome.success(record, count(acsCalls));
        LOG.debug("{}: profile {} assigned to org unit {}", record, record.getProfilePKey(), outcome.getOrgUnit());
        return outcome;
    }

    public RecordOutcome unchanged(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls) {
        LOG.debug("{}: profile {} already in org unit {}", record, record.getProfilePKey(), record.getResolvedOrgUnit().name());
        return RecordOutcome.unchanged(record, count(acsCalls));
    }

    public RecordOutcome wouldUpdate(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls) {
        return RecordOutcome.wouldUpdate(record, count(acsCalls));
    }

    public DeadLetter deadLettered(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls,
                                   @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        DeadLetter outcome = classify(record, e, count(acsCalls));
        LOG.debug("{}: dead-lettered, {}: {}", record, outcome.getReason(), outcome.getDetail());
        return outcome;
    }

    /** A JMS message that cannot be read as text (jms-inbox): one dead letter for the whole message. */
    public DeadLetter unreadableMessage(@Variable("source") String source, @Variable("unreadable") String detail) {
        LOG.warn("{}: dead-lettered, {}: {}", source, OutcomeReason.UNREADABLE_MESSAGE, detail);
        return RecordOutcome.rejection(SyncRecord.unparseable(source, 1, "", detail), OutcomeReason.UNREADABLE_MESSAGE, detail, null, 0);
    }

    /** The record as it arrived (JSON) or its fields as a JSON object: the body of a JMS dead letter, for replay. */
    public String originalText(RecordOutcome outcome) {
        return outcome.getOriginalText();
    }

    private static DeadLetter classify(SyncRecord record, Throwable e, int attempts) {
        if (e instanceof RecordRejectedException r) {
            return RecordOutcome.rejection(record, r.getReason(), r.getMessage(), r.getHttpStatus(), attempts);
        }
        if (e instanceof AcsCredentialsException t) {
            return RecordOutcome.rejection(record, OutcomeReason.REJECTED_BY_ACS,
                    "ACS refused the service's credentials: " + t.getMessage(), t.getHttpStatus(), attempts);
        }
        if (e instanceof AcsServerErrorException s) {
            return RecordOutcome.rejection(record, OutcomeReason.ACS_SERVER_ERROR,
                    "a server error without an ACS error code on each of " + s.getTries() + " tries: " + s.getMessage(),
                    s.getHttpStatus(), attempts);
        }
        if (e instanceof AcsTransientException t) {
            return RecordOutcome.rejection(record, OutcomeReason.RETRIES_EXHAUSTED,
                    "still failing after " + attempts + " ACS calls: " + t.getMessage(), t.getHttpStatus(), attempts);
        }
        if (e instanceof IOException) {
            return RecordOutcome.rejection(record, OutcomeReason.RETRIES_EXHAUSTED,
                    "still failing after " + attempts + " ACS calls: " + e, null, attempts);
        }
        // an exception's text may quote the message's headers, the ACS token among them: never into a log or a dead letter
        String text = masked(String.valueOf(e));
        RuntimeException told = new RuntimeException(text);
        told.setStackTrace(e.getStackTrace());
        LOG.error("{}: unexpected failure", record, told);
        return RecordOutcome.rejection(record, OutcomeReason.UNEXPECTED_ERROR, text, null, attempts);
    }

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("(?i)(bearer\\s+)[^\\s,;}\\]\"']+");

    /** The text with every bearer token replaced by ***. */
    static String masked(String text) {
        return TOKEN.matcher(text).replaceAll("$1***");
    }

    private static int count(Integer acsCalls) {
        return acsCalls == null ? 0 : acsCalls;
    }
}
