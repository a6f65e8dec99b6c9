package dev.acssync.acs;

/**
 * ACS answered, but with a server error that carries no ACS error code (a {@code 500 "Oops. Something went wrong"}
 * from Adobe's gateway, a PATCH refusal without a code). Not an outage (ACS answers; other calls may succeed) and not
 * clearly this record's fault: tried a few times ({@code acs.retry.server-error-retries}), then a dead letter
 * {@code ACS_SERVER_ERROR}. A tenant whose profile resource lacks the {@code orgUnit} field answers this way.
 */
public class AcsServerErrorException extends RuntimeException {
    private final int httpStatus;
    private final int tries;

    public AcsServerErrorException(String detail, int httpStatus, int tries) {
        super(detail);
        this.httpStatus = httpStatus;
        this.tries = tries;
    }

    /** How many tries of this call have had such an answer so far. */
    public int getTries() {
        return tries;
    }

    public int getHttpStatus() {
        return httpStatus;
    }
}
