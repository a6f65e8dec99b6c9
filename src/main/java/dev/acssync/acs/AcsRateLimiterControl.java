package dev.acssync.acs;

import dev.acssync.orgunit.OrgUnitDirectoryControl;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The rate limit's console control (Hawtio → JMX → dev.acssync → acsRateLimiter). A separate MBean for the reason
 * given on {@link OrgUnitDirectoryControl}.
 */
@Component
@ManagedResource(objectName = "dev.acssync:name=acsRateLimiter", description = "Requests per second allowed to ACS")
public class AcsRateLimiterControl {
    private final AcsRateLimiter limiter;

    public AcsRateLimiterControl(AcsRateLimiter limiter) {
        this.limiter = limiter;
    }

    @ManagedAttribute(description = "Requests per second allowed to ACS (0 = no limit)")
    public double getRequestsPerSecond() {
        return limiter.getRequestsPerSecond();
    }

    @ManagedAttribute
    public void setRequestsPerSecond(double requestsPerSecond) {
        limiter.setRequestsPerSecond(requestsPerSecond);
    }
}
