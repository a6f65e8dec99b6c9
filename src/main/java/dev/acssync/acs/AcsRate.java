package dev.acssync.acs;

import dev.acssync.vocabulary.ConfigurationMistakeException;
import java.time.Duration;

/**
 * A rate of ACS requests, as a contract states it (requests per second), and the spacing that keeps it: slots at least
 * 1.05/R s apart. Spaced so, no second holds more than R requests wherever it begins (R slots span 1.05 s); the 5 %
 * margin absorbs the jitter between taking a slot and the request reaching ACS. Both the instance's own limit
 * ({@link AcsRateLimit}) and the limit several instances share (dev.acssync.cluster) space their slots by this.
 *
 * @param requestsPerSecond R; 0 means no limit
 */
public record AcsRate(double requestsPerSecond) {
    /** A second plus 5 % slack. */
    static final long WINDOW_NANOS = 1_050_000_000L;
    /** The lowest and highest rate accepted (0, no limit, only from the configuration). */
    public static final double MIN = 0.1;
    public static final double MAX = 1000;

    public AcsRate {
        if (Double.isNaN(requestsPerSecond) || requestsPerSecond != 0 && (requestsPerSecond < MIN || requestsPerSecond > MAX)) {
            // only a configured rate gets here: a rate typed live is checked first (RateLimitControl)
            throw new ConfigurationMistakeException("acs.rate-limit.requests-per-second is " + requestsPerSecond,
                    "Set acs.rate-limit.requests-per-second between " + MIN + " and " + (int) MAX + ", or 0 for no limit.");
        }
    }

    public boolean unlimited() {
        return requestsPerSecond == 0;
    }

    /** The least time between two slots: 1.05 s / R (zero for no limit). */
    public Duration slotInterval() {
        return unlimited() ? Duration.ZERO : Duration.ofNanos(Math.round(WINDOW_NANOS / requestsPerSecond));
    }

    @Override
    public String toString() {
        return unlimited() ? "no limit" : requestsPerSecond + " requests/s";
    }
}
