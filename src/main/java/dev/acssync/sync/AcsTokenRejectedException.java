package dev.acssync.sync;

/** ACS answered 401 again to a freshly issued token: the credentials or their provisioning are wrong. */
public class AcsTokenRejectedException extends RuntimeException {
    public AcsTokenRejectedException(String detail) {
        super(detail);
    }

    public int getHttpStatus() {
        return 401;
    }
}
