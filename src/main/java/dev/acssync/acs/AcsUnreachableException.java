package dev.acssync.acs;

/** No answer at all: connection refused or dropped, a time-out. ACS is unavailable for now (a transient fault). */
public class AcsUnreachableException extends AcsTransientException {
    public AcsUnreachableException(String detail) {
        super(detail, null, null);
    }
}
