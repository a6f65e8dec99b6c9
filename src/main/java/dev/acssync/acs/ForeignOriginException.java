package dev.acssync.acs;

/**
 * A call was about to send the ACS credentials somewhere else than the configured ACS origin: it is not sent. ACS
 * itself never links elsewhere, so this is a misconfiguration or something posing as ACS, not a passing fault.
 */
class ForeignOriginException extends RuntimeException {
    public ForeignOriginException(String message) {
        super(message);
    }
}
