package dev.acssync.acs;

/**
 * ACS or IMS refuses the service's credentials (403, a 401 even with a fresh token, IMS invalid_client). Every
 * record would fail the same way, so this is not the record's fault: records wait and are retried until the
 * configuration is fixed, and health is DOWN meanwhile (see {@link AcsAvailability}).
 */
public class AcsCredentialsException extends AcsMisconfiguredException {
    public AcsCredentialsException(String detail, Integer httpStatus) {
        super(detail, httpStatus);
    }
}
