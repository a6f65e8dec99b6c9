package dev.acssync.routes;

import org.apache.camel.Header;

/** Stands in for the IMS token provider in route tests (same methods): tokens "token-1", "token-2"... */
public final class NumberedTokens {
    private long current = 1;

    public synchronized String authorizationHeader() {
        return "Bearer token-" + current;
    }

    public synchronized long idOf(@Header("Authorization") String authorizationHeader) {
        return ("Bearer token-" + current).equals(authorizationHeader) ? current : -1;
    }

    public synchronized void invalidate(long tokenId) {
        if (tokenId == current) {
            current++;
        }
    }
}
