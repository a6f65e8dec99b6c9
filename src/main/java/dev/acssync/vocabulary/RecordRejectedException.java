package dev.acssync.vocabulary;

/** A permanent failure for one record: retrying cannot help, the record goes to the dead letter. */
public class RecordRejectedException extends RuntimeException {
    private final OutcomeReason reason;
    private final Integer httpStatus;

    public RecordRejectedException(OutcomeReason reason, String detail) {
        this(reason, detail, null);
    }

    public RecordRejectedException(OutcomeReason reason, String detail, Integer httpStatus) {
        super(detail);
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    public OutcomeReason getReason() {
        return reason;
    }

    public Integer getHttpStatus() {
        return httpStatus;
    }
}
