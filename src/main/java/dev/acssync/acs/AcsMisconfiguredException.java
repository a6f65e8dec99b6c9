package dev.acssync.acs;

/**
 * ACS's answer says the service's set-up is wrong, not the record: every record would fail the same way until the
 * configuration is fixed. Records wait and are retried meanwhile, and health is DOWN naming it (see
 * {@link AcsAvailability}). Refused credentials are one kind ({@link AcsCredentialsException}); a tenant that Adobe's
 * gateway says is not set up for the API (a JSON 502 "Oops") is another.
 */
public class AcsMisconfiguredException extends AcsTransientException {
    public AcsMisconfiguredException(String detail, Integer httpStatus) {
        super(detail, httpStatus, null);
    }
}
