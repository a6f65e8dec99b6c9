package dev.acssync.outcome;

import dev.acssync.vocabulary.RecordRejectedException;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.acs.AcsCredentialsException;
import dev.acssync.acs.AcsServerErrorException;
import dev.acssync.acs.AcsTransientException;
import dev.acssync.record.SyncRecord;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives each record its outcome: at the end of assign-org-unit, or in record-error-policy, which names the reason. The
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

    /*
     * The dead letters of record-error-policy (routes/error-handling/record-errors.camel.yaml), one method per reason:
     * the policy says which failure ends as which.
     */

    /** The record itself is refused (a bad row, an unknown unit or profile, ACS refusing it): the reason it carries. */
    public DeadLetter refused(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls,
                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) RecordRejectedException e) {
        return logged(record, RecordOutcome.rejection(record, e.getReason(), e.getMessage(), e.getHttpStatus(), count(acsCalls)));
    }

    /** ACS stayed unavailable (or no answer at all) past the call's retry budget: RETRIES_EXHAUSTED. */
    public DeadLetter retriesExhausted(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls,
                                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        int attempts = count(acsCalls);
        Integer status = e instanceof AcsTransientException t ? t.getHttpStatus() : null;
        String why = e instanceof AcsTransientException ? e.getMessage() : String.valueOf(e);
        return logged(record, RecordOutcome.rejection(record, OutcomeReason.RETRIES_EXHAUSTED,
                "still failing after " + attempts + " ACS calls: " + why, status, attempts));
    }

    /** ACS kept refusing the service's credentials past the call's retry budget: REJECTED_BY_ACS. */
    public DeadLetter credentialsRefused(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls,
                                         @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) AcsCredentialsException e) {
        return logged(record, RecordOutcome.rejection(record, OutcomeReason.REJECTED_BY_ACS,
                "ACS refused the service's credentials: " + e.getMessage(), e.getHttpStatus(), count(acsCalls)));
    }

    /** ACS answered a server error without an ACS code on each try: ACS_SERVER_ERROR. */
    public DeadLetter acsServerError(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls,
                                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) AcsServerErrorException e) {
        return logged(record, RecordOutcome.rejection(record, OutcomeReason.ACS_SERVER_ERROR,
                "a server error without an ACS error code on each of " + e.getTries() + " tries: " + e.getMessage(),
                e.getHttpStatus(), count(acsCalls)));
    }

    /** Anything else is a bug: UNEXPECTED_ERROR, logged with its stack trace. */
    public DeadLetter unexpectedError(@Variable("record") SyncRecord record, @Variable("acsCalls") Integer acsCalls,
                                      @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        // an exception's text may quote the message's headers, the ACS token among them: never into a log or a dead letter
        String text = masked(String.valueOf(e));
        RuntimeException told = new RuntimeException(text);
        told.setStackTrace(e.getStackTrace());
        LOG.error("{}: unexpected failure", record, told);
        return logged(record, RecordOutcome.rejection(record, OutcomeReason.UNEXPECTED_ERROR, text, null, count(acsCalls)));
    }

    private static DeadLetter logged(SyncRecord record, DeadLetter outcome) {
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

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("(?i)(bearer\\s+)[^\\s,;}\\]\"']+");

    /** The text with every bearer token replaced by ***. */
    static String masked(String text) {
        return TOKEN.matcher(text).replaceAll("$1***");
    }

    private static int count(Integer acsCalls) {
        return acsCalls == null ? 0 : acsCalls;
    }
}
