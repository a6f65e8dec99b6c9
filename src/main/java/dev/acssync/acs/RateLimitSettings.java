package dev.acssync.acs;

import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Turns {@code acs.rate-limit.requests-per-second} (what a contract states) into the settings of the {@code rate-limit}
 * throttle in routes/acs/acs-call.camel.yaml: at most {@code acs.rate-limit.max-requests} requests in any
 * {@code acs.rate-limit.period-ms}. Camel's throttle counts a rolling window (a request's permit comes back one
 * period after it was taken), so R requests in any 1,050 ms keep "never more than R in any second" however ACS
 * aligns its seconds, with 5% slack for the requests' jitter on the way. A fractional rate keeps a whole number of
 * requests in a longer period (2.5/s: 2 in any 840 ms; 0.5/s: 1 in any 2,100 ms). 0 means no limit (10,000 per
 * period). The values are added to Spring's environment before Camel reads its routes.
 * <p>
 * Live changes (Hawtio) write the step's {@code MaximumRequests} only: the period stays as it started, because
 * Camel 4.17's throttle resets itself after ten periods of its <em>first</em> setting without a request, so a
 * period raised live past that would let requests through early (measured: 77 requests/s after a live change from
 * 1 ms to 101 ms).
 */
@Component
public class RateLimitSettings {
    /** A second plus 5% slack. */
    public static final long WINDOW_MILLIS = 1050;
    static final int UNLIMITED = 10_000;

    private final long periodMillis;
    private final int maxRequests;

    public RateLimitSettings(AcsProperties acs, ConfigurableEnvironment environment) {
        double requestsPerSecond = acs.rateLimit().requestsPerSecond();
        this.maxRequests = maxRequests(requestsPerSecond);
        this.periodMillis = periodMillis(requestsPerSecond);
        environment.getPropertySources().addFirst(new MapPropertySource("acsRateLimit",
                Map.of("acs.rate-limit.period-ms", periodMillis, "acs.rate-limit.max-requests", maxRequests)));
    }

    /** R rounded down, at least 1; {@link #UNLIMITED} for no limit. */
    static int maxRequests(double requestsPerSecond) {
        return requestsPerSecond > 0 ? (int) Math.max(1, Math.floor(requestsPerSecond)) : UNLIMITED;
    }

    /** The window in which {@link #maxRequests} are allowed: 1,050 ms for a whole rate, longer for a fractional one. */
    static long periodMillis(double requestsPerSecond) {
        return requestsPerSecond > 0 ? (long) Math.ceil(WINDOW_MILLIS * maxRequests(requestsPerSecond) / requestsPerSecond)
                : WINDOW_MILLIS;
    }

    public long getPeriodMillis() {
        return periodMillis;
    }

    public int getMaxRequests() {
        return maxRequests;
    }
}
