package dev.acssync.acs;

import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Turns {@code acs.rate-limit.requests-per-second} (what a contract states) into the settings of the {@code rate-limit}
 * throttle in routes/acs/acs-call.camel.yaml: one request every {@code acs.rate-limit.interval-ms}
 * ({@code acs.rate-limit.max-requests} = 1). Requests spaced evenly keep "never more than R in any second" as ACS
 * counts its seconds: R requests allowed per second would let a burst at the end of one second and one at the start
 * of the next meet in one of ACS's seconds. The interval has 1% slack, so that a request's arrival jitter does not
 * squeeze one more into ACS's second. 0 means no limit (at most 10,000 requests a millisecond).
 * The values are added to Spring's environment before Camel reads its routes.
 */
@Component
public class RateLimitSettings {
    static final int UNLIMITED_PER_MILLISECOND = 10_000;

    private final long intervalMillis;
    private final int maxRequests;

    public RateLimitSettings(AcsProperties acs, ConfigurableEnvironment environment) {
        double requestsPerSecond = acs.rateLimit().requestsPerSecond();
        this.intervalMillis = intervalMillis(requestsPerSecond);
        this.maxRequests = requestsPerSecond > 0 ? 1 : UNLIMITED_PER_MILLISECOND;
        environment.getPropertySources().addFirst(new MapPropertySource("acsRateLimit",
                Map.of("acs.rate-limit.interval-ms", intervalMillis, "acs.rate-limit.max-requests", maxRequests)));
    }

    /** 1000 ms / R, plus 1%, rounded up; 1 ms for no limit. */
    static long intervalMillis(double requestsPerSecond) {
        return requestsPerSecond > 0 ? (long) Math.ceil(1010 / requestsPerSecond) : 1;
    }

    public long getIntervalMillis() {
        return intervalMillis;
    }

    public int getMaxRequests() {
        return maxRequests;
    }
}
