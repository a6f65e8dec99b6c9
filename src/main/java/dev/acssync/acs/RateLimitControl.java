package dev.acssync.acs;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The rate limit's console control (Hawtio → JMX → dev.acssync → rateLimit → RequestsPerSecond): the operator may
 * lower or raise the ACS rate live, between {@link AcsRate#MIN} and {@link AcsRate#MAX} requests per second. Any other
 * value (0, a negative or absurd number) is refused with a sentence and changes nothing. A separate MBean, not the
 * route's bean: Camel shows a bean step's statistics under the bean's own MBean when the bean is a
 * {@code @ManagedResource}, which broke Hawtio's diagram. In cluster mode the rate is shared and configured: writes
 * are refused.
 */
@Component
@ManagedResource(objectName = "dev.acssync:name=rateLimit", description = "The ACS rate limit (requests per second)")
public class RateLimitControl {
    private final AcsRateLimit limit;
    private final boolean shared;

    public RateLimitControl(AcsRateLimit limit, @org.springframework.beans.factory.annotation.Value("${sync.cluster.enabled}") boolean shared) {
        this.limit = limit;
        this.shared = shared;
    }

    /** Text, so that whatever an operator types (5, 2.5, "ten") reaches the check below and gets its sentence. */
    @ManagedAttribute(description = "ACS requests per second now (0: no limit); write " + AcsRate.MIN + " to " + (int) AcsRate.MAX)
    public String getRequestsPerSecond() {
        return String.valueOf(limit.rate().requestsPerSecond());
    }

    @ManagedAttribute(description = "ACS requests per second now (0: no limit); write " + AcsRate.MIN + " to " + (int) AcsRate.MAX)
    public void setRequestsPerSecond(String value) {
        double requestsPerSecond;
        try {
            requestsPerSecond = Double.parseDouble(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            requestsPerSecond = Double.NaN;
        }
        set(requestsPerSecond, value);
    }

    private void set(double requestsPerSecond, String typed) {
        if (shared) {
            throw new IllegalArgumentException("Several instances share this rate (cluster mode): set "
                    + "acs.rate-limit.requests-per-second on every instance instead");
        }
        // 0 is "no limit" in the configuration; live, a slip of the keyboard would send the whole backlog at once
        if (!(requestsPerSecond >= AcsRate.MIN && requestsPerSecond <= AcsRate.MAX)) {
            throw new IllegalArgumentException("Refused: the rate must be between " + AcsRate.MIN + " and " + (int) AcsRate.MAX
                    + " requests per second (no limit only by configuration: acs.rate-limit.requests-per-second=0); not "
                    + typed + ". Nothing changed.");
        }
        limit.change(new AcsRate(requestsPerSecond), who());
    }

    @ManagedAttribute(description = "ACS requests per second as configured (acs.rate-limit.requests-per-second)")
    public double getConfiguredRequestsPerSecond() {
        return limit.configured().requestsPerSecond();
    }

    @ManagedAttribute(description = "ACS calls waiting for a slot now")
    public int getCallsWaiting() {
        return limit.waiting();
    }

    private static String who() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "JMX" : "'" + auth.getName() + "'";
    }
}
