package dev.acssync.sandbox;

/**
 * Fault injection for the Campaign resources (never for the token endpoint or /sandbox).
 * Shares are probabilities between 0 and 1; {@code next429}/{@code next503} fail exactly the next N requests,
 * which makes tests deterministic; {@code next500Rejected} answers the next N with ACS's permanent
 * {@code 500 RST-360011} (a record ACS refuses); {@code next401} refuses the next N tokens as expired; {@code next403} answers the next N with {@code 403003 Api Key is invalid};
 * {@code nextDrop} closes the connection of the next N requests without an answer (as a server or load balancer does
 * with a keep-alive connection it has dropped). Hostile answers, for the client's defences: {@code linkOrigin} (e.g.
 * {@code http://127.0.0.1:9999}) makes orgUnitBase's {@code next.href} point to that origin, and {@code redirectOrigin}
 * answers every Campaign request with a 307 redirect to it; empty means off.
 */
public record Faults(
        long latencyMs,
        long latencyJitterMs,
        double share429,
        double share503,
        int retryAfterSeconds,
        int next429,
        int next503,
        int next500Rejected,
        int next401,
        int next403,
        int nextDrop,
        String linkOrigin,
        String redirectOrigin) {

    public static Faults none() {
        return atRandom(0, 0, 0, 0, 1);
    }

    /** Latency and random faults only, none of the deterministic next-N faults (how the sandbox starts). */
    public static Faults atRandom(long latencyMs, long latencyJitterMs, double share429, double share503, int retryAfterSeconds) {
        return new Faults(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds, 0, 0, 0, 0, 0, 0, "", "");
    }

    Faults withNext(int n429, int n503, int n500Rejected, int n401, int n403, int nDrop) {
        return new Faults(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds, n429, n503, n500Rejected, n401, n403,
                nDrop, linkOrigin, redirectOrigin);
    }
}
