package dev.acssync.acs;

/** A fault that may go away: 429, 502/503/504, no answer. Redelivered with back-off. */
public class AcsTransientException extends RuntimeException {
    private final Integer httpStatus;
    private final Long retryAfterMillis;

    public AcsTransientException(String detail, Integer httpStatus, Long retryAfterMillis) {
        super(detail);
        this.httpStatus = httpStatus;
        this.retryAfterMillis = retryAfterMillis;
    }

    /** The HTTP status, or null when no answer came (connection refused, time-out). */
    public Integer getHttpStatus() {
        return httpStatus;
    }

    /** What the server asked for in {@code Retry-After}, or null when it said nothing. */
    public Long getRetryAfterMillis() {
        return retryAfterMillis;
    }
}
