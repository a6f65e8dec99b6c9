package dev.acssync.preflight;

/** A preflight check found the tenant unfit; the message says what to fix. */
public class PreflightFailedException extends RuntimeException {
    public PreflightFailedException(String whatToFix) {
        super(whatToFix);
    }
}
