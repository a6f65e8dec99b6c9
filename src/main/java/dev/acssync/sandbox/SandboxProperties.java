package dev.acssync.sandbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded ACS sandbox ({@code acs.sandbox.*}): on in the default configuration, off in profile {@code adobe}.
 *
 * @param enabled start the sandbox inside the service (the demo passwords are accepted only then)
 * @param host where it listens (loopback)
 * @param port its port
 * @param organization the organization it serves
 * @param clientId the client id it accepts
 * @param clientSecret the client secret it accepts
 * @param tokenLifetime how long its tokens live
 * @param pageSize orgUnitBase's default page size
 * @param relativeNextLinks next.href as a relative link (ACS answers both ways)
 * @param syntheticUnits more org units: unit-00001...
 * @param syntheticProfiles more profiles: user0000001@synthetic.example...
 * @param threads its HTTP worker threads
 * @param faults faults at start (change them at run time with POST /sandbox/faults)
 */
@ConfigurationProperties("acs.sandbox")
record SandboxProperties(boolean enabled, String host, int port, String organization, String clientId,
                                String clientSecret, Duration tokenLifetime, int pageSize, boolean relativeNextLinks,
                                int syntheticUnits, int syntheticProfiles, int threads, StartFaults faults) {

    /**
     * @param latencyMs every Campaign answer waits this long
     * @param latencyJitterMs plus up to this long, at random
     * @param share429 this share of Campaign requests answers 429 (0 to 1)
     * @param share503 this share answers 503
     * @param retryAfterSeconds the Retry-After of a 429
     */
    public record StartFaults(long latencyMs, long latencyJitterMs, double share429, double share503, int retryAfterSeconds) {
    }
}
