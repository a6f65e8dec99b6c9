package dev.acssync.outcome;

import dev.acssync.metrics.CountedOutcome;
import dev.acssync.vocabulary.OutcomeReason;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acssync.record.SyncRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one record ended: updated (or would be, in a dry run), or dead-lettered with a reason ({@link DeadLetter}: a
 * route tells them apart with {@code ${body} is 'dev.acssync.outcome.DeadLetter'}). Serialised as-is, it is the
 * dead-letter line and the JMS outcome event: {@code source, line, status, record, reason, detail, httpStatus, attempts}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "line", "status", "record", "truncated", "reason", "detail", "httpStatus", "attempts", "orgUnit",
        "orgUnitMatchedBy", "profilePKey"})
public class RecordOutcome implements CountedOutcome {
    /**
     * A dead letter copies at most this many characters of a field, and this many fields: a 50 MB line must not
     * become a 50 MB dead letter (and the reasons of the records after it must stay readable).
     */
    public static final int MAX_FIELD_CHARS = 1000;
    public static final int MAX_FIELDS = 50;

    private final SyncRecord syncRecord;
    private final OutcomeReason reason;
    private final String detail;
    private final Integer httpStatus;
    private final int attempts;
    private final Status status;

    /** How a record ended. */
    public enum Status {
        /** its profile was PATCHed into the unit */
        UPDATED,
        /** dry run: everything was resolved and checked, the PATCH was not sent */
        WOULD_UPDATE,
        /** its profile was already in the unit (ACS's answer said so): no PATCH was needed */
        UNCHANGED,
        /** it could not be applied: see its reason */
        DEAD_LETTERED
    }

    RecordOutcome(SyncRecord syncRecord, Status status, OutcomeReason reason, String detail, Integer httpStatus, int attempts) {
        this.syncRecord = syncRecord;
        this.status = status;
        this.reason = reason;
        this.detail = detail;
        this.httpStatus = httpStatus;
        this.attempts = attempts;
    }

    public static RecordOutcome success(SyncRecord record, int attempts) {
        return new RecordOutcome(record, Status.UPDATED, null, null, null, attempts);
    }

    /** Dry run: everything was resolved and checked, the PATCH was not sent. */
    public static RecordOutcome wouldUpdate(SyncRecord record, int attempts) {
        return new RecordOutcome(record, Status.WOULD_UPDATE, null, null, null, attempts);
    }

    /** The profile was already in the record's unit: nothing to PATCH. */
    public static RecordOutcome unchanged(SyncRecord record, int attempts) {
        return new RecordOutcome(record, Status.UNCHANGED, null, null, null, attempts);
    }

    public static DeadLetter rejection(SyncRecord record, OutcomeReason reason, String detail, Integer httpStatus, int attempts) {
        return new DeadLetter(record, reason, detail, httpStatus, attempts);
    }

    @JsonIgnore
    public boolean isDeadLettered() {
        return status == Status.DEAD_LETTERED;
    }

    @JsonIgnore
    public Status status() {
        return status;
    }

    /** UPDATED, WOULD_UPDATE (dry run), UNCHANGED or DEAD_LETTERED. */
    @Override
    public String getStatus() {
        return status.name();
    }

    @Override
    @JsonIgnore
    public String reasonName() {
        return getReason() == null ? null : getReason().name();
    }

    /** The profile that would be (or was) changed, for the dry-run listing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String getProfile() {
        return status == Status.WOULD_UPDATE ? syncRecord.getProfilePKey() : null;
    }

    /** The record as it arrived when that text is known (JSON), else its fields as a JSON object: a DLQ message body. */
    @JsonIgnore
    public String getOriginalText() {
        if (syncRecord.getRawText() != null) {
            return syncRecord.getRawText();
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        syncRecord.getFields().forEach(node::put);
        return node.toString();
    }

    @JsonIgnore
    public SyncRecord getSyncRecord() {
        return syncRecord;
    }

    public String getSource() {
        return syncRecord.getSource();
    }

    public long getLine() {
        return syncRecord.getLine();
    }

    /** The record's original fields, each shortened to {@link #MAX_FIELD_CHARS} (see {@link #getTruncated()}). */
    public Map<String, String> getRecord() {
        Map<String, String> fields = syncRecord.getFields();
        if (getTruncated().isEmpty()) {
            return fields;
        }
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (shown.size() == MAX_FIELDS) {
                break;
            }
            String value = e.getValue();
            shown.put(e.getKey(), value != null && value.length() > MAX_FIELD_CHARS ? value.substring(0, MAX_FIELD_CHARS) + "…" : value);
        }
        return shown;
    }

    /**
     * What {@link #getRecord()} left out: the original length of each shortened field, and {@code "(fields)"}: the
     * original number of fields when there were more than {@link #MAX_FIELDS}. Empty (and absent) when nothing was.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Map<String, Integer> getTruncated() {
        Map<String, String> fields = syncRecord.getFields();
        Map<String, Integer> truncated = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (++n > MAX_FIELDS) {
                break;
            }
            if (e.getValue() != null && e.getValue().length() > MAX_FIELD_CHARS) {
                truncated.put(e.getKey(), e.getValue().length());
            }
        }
        if (fields.size() > MAX_FIELDS) {
            truncated.put("(fields)", fields.size());
        }
        return truncated;
    }

    public OutcomeReason getReason() {
        return reason;
    }

    public String getDetail() {
        return detail;
    }

    public Integer getHttpStatus() {
        return httpStatus;
    }

    public int getAttempts() {
        return attempts;
    }

    /** The unit the record was (or would have been) assigned to, when resolved. */
    public String getOrgUnit() {
        return syncRecord.getResolvedOrgUnit() == null ? null : syncRecord.getResolvedOrgUnit().name();
    }

    /** How the record's value found the unit: name, name ignoring case, label, label ignoring case, or PKey. */
    public String getOrgUnitMatchedBy() {
        return syncRecord.getResolvedOrgUnit() == null ? null : syncRecord.getResolvedOrgUnit().matchedBy();
    }

    @JsonIgnore
    public String getProfilePKey() {
        return syncRecord.getProfilePKey();
    }
}
