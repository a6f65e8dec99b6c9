package dev.acssync.sandbox;

/**
 * Fault injection for the Campaign resources (never for the token endpoint or /sandbox).
 * Shares are probabilities between 0 and 1; {@code next429}/{@code next503} fail exactly the next N requests,
 * which makes tests deterministic.
 */
public record Faults(
        long latencyMs,
        long latencyJitterMs,
        double share429,
        double share503,
        int retryAfterSeconds,
        int next429,
        int next503) {

    public static Faults none() {
        return new Faults(0, 0, 0, 0, 1, 0, 0);
    }
}
