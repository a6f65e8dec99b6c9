package dev.acssync.acs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether ACS is usable as a whole, from the answers every record gets. When ACS is unreachable (a run of transient
 * faults with no success) or refuses the credentials, records keep being redelivered instead of exhausting their
 * retries: the worker threads wait, so the sources stop taking input (back-pressure) and nothing is dead-lettered
 * for a fault that is not the record's. The first success ends it. Health ({@code acsAvailability}) is DOWN meanwhile.
 * When no record flows, {@code routes/acs-health.yaml} probes ACS (a token plus one cheap GET) every
 * {@code acs.health.probe-interval-ms}; health checks themselves never call ACS.
 */
@Component("acsAvailability")
public class AcsAvailability implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(AcsAvailability.class);

    private final int maxRedeliveries;
    private final int outageThreshold;
    private final Duration probeInterval;
    private final AtomicInteger consecutiveFaults = new AtomicInteger();
    private volatile String credentialsProblem;
    private volatile String lastFault;
    private volatile Instant downSince;
    private volatile Instant lastSuccess;

    public AcsAvailability(@Value("${acs.retry.max-redeliveries}") int maxRedeliveries,
                           @Value("${acs.outage.threshold:10}") int outageThreshold,
                           @Value("${acs.health.probe-interval-ms:60000}") long probeIntervalMs) {
        this.maxRedeliveries = maxRedeliveries;
        this.outageThreshold = outageThreshold;
        this.probeInterval = Duration.ofMillis(probeIntervalMs);
    }

    /** The idle-time probe is due: nothing answered for a whole probe interval, or ACS is already down. */
    public boolean probeDue() {
        Instant success = lastSuccess;
        return isDown() || success == null || success.isBefore(Instant.now().minus(probeInterval));
    }

    /**
     * The probe failed (an I/O failure only after its second try, see probe-error-policy). With no live traffic to
     * judge by, one failed probe is enough to call ACS unusable; the next answer (probe or record) clears it.
     */
    public void probeFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        if (e instanceof AcsCredentialsException) {
            fault(e);
            return;
        }
        lastFault = "probe failed: " + e.getMessage();
        if (downSince == null) {
            LOG.error("ACS health probe failed; records will wait for ACS instead of failing: {}", e.getMessage());
        }
        markDown();
    }

    /** The redelivery predicate of the transient-fault policy. */
    public boolean shouldRetry(Exchange exchange) {
        // Camel has already counted the redelivery it asks about
        int redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        return redelivery <= maxRedeliveries || isDown();
    }

    /** An ACS call answered usefully (any status that is not a transient or credentials fault). */
    public void success() {
        lastSuccess = Instant.now();
        consecutiveFaults.set(0);
        if (downSince != null) {
            LOG.info("ACS is usable again after being down since {}", downSince);
            downSince = null;
            credentialsProblem = null;
        }
    }

    /** A transient fault (or a credentials refusal) happened somewhere. */
    public void fault(Throwable e) {
        lastFault = e.getMessage();
        if (e instanceof AcsCredentialsException) {
            if (credentialsProblem == null) {
                LOG.error("ACS refuses the service's credentials; input waits until this is fixed: {}", e.getMessage());
            }
            credentialsProblem = e.getMessage();
            markDown();
        } else if (consecutiveFaults.incrementAndGet() >= outageThreshold) {
            if (downSince == null) {
                LOG.error("ACS looks unreachable ({} faults in a row, none answered); records wait instead of failing: {}",
                        consecutiveFaults.get(), e.getMessage());
            }
            markDown();
        }
    }

    private void markDown() {
        if (downSince == null) {
            downSince = Instant.now();
        }
    }

    public boolean isDown() {
        return downSince != null;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (lastSuccess != null) {
            details.put("lastSuccess", lastSuccess.toString());
        }
        details.put("probeWhenIdle", "every " + probeInterval.toSeconds() + " s");
        if (!isDown()) {
            return Health.up().withDetails(details).build();
        }
        details.put("downSince", downSince.toString());
        details.put("reason", credentialsProblem != null ? "credentials refused: " + credentialsProblem
                : "unreachable: " + lastFault);
        return Health.down().withDetails(details).build();
    }
}
