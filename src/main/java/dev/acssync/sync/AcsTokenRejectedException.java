package dev.acssync.sync;

/** ACS answered 401: the token was dropped, so one more attempt runs with a fresh one. */
public class AcsTokenRejectedException extends RuntimeException {
    public AcsTokenRejectedException(String detail) {
        super(detail);
    }

    public int getHttpStatus() {
        return 401;
    }
}
