package dev.acssync.acs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether ACS is usable as a whole, from the answers every record gets. When ACS is unreachable (a run of transient
 * faults with no success) or answers that the set-up is wrong (credentials refused, a tenant not set up for the API),
 * records keep being redelivered instead of exhausting their retries: the worker threads wait, so the sources stop taking input (back-pressure) and nothing is dead-lettered
 * for a fault that is not the record's. The first success ends it. Health ({@code acsAvailability}) is DOWN meanwhile.
 * When no record flows, {@code routes/acs-health.yaml} probes ACS (a token plus one cheap GET) every
 * {@code acs.health.probe-interval-ms}; health checks themselves never call ACS.
 */
@Component("acsAvailability")
public class AcsAvailability {
    private static final Logger LOG = LoggerFactory.getLogger(AcsAvailability.class);

    private final int outageThreshold;
    private final Duration probeInterval;
    private final AtomicInteger consecutiveFaults = new AtomicInteger();
    private volatile String configurationProblem;
    private volatile String lastFault;
    private volatile Instant downSince;
    private volatile Instant lastSuccess;
    private final AtomicInteger serverErrors = new AtomicInteger();
    private volatile String lastServerError;
    private volatile Instant lastServerErrorAt;

    public AcsAvailability(AcsProperties acs) {
        this.outageThreshold = acs.outage().threshold();
        this.probeInterval = Duration.ofMillis(acs.health().probeIntervalMs());
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
        unusable("probe failed", e);
    }

    /**
     * Loading the org-unit directory failed (at start, on its schedule, or on demand): like a probe, with no record
     * to judge by, this says ACS is not usable, so health does not stay UP on wrong credentials or a wrong URL.
     */
    public void directoryLoadFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        unusable("org-unit directory load failed", e);
    }

    /** A preflight call failed (routes/acs/preflight.camel.yaml): like a failed probe. */
    public void preflightFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        unusable("preflight failed", e);
    }

    private void unusable(String what, Exception e) {
        if (e instanceof AcsMisconfiguredException) {
            fault(e);
            return;
        }
        lastFault = what + ": " + e.getMessage();
        if (downSince == null) {
            LOG.error("ACS is not usable ({}); records will wait for ACS instead of failing: {}", what, e.getMessage());
        }
        markDown();
    }

    /** An ACS call answered usefully (any status that is not a transient or credentials fault). */
    public void success() {
        lastSuccess = Instant.now();
        consecutiveFaults.set(0);
        if (downSince != null) {
            LOG.info("ACS is usable again after being down since {}", downSince);
            downSince = null;
            configurationProblem = null;
        }
    }

    /**
     * ACS answered a server error without an ACS error code. It answers, so this is no outage (records are not held
     * back for it), but health names it: it usually means something to fix at the tenant, not a passing fault.
     */
    public void serverError(String detail) {
        if (serverErrors.getAndIncrement() == 0) {
            LOG.warn("ACS answers, but with a server error that carries no ACS error code (such calls are tried a few"
                    + " times, then dead-lettered ACS_SERVER_ERROR; see docs/real-tenant.md): {}", detail);
        }
        lastServerError = detail;
        lastServerErrorAt = Instant.now();
    }

    /** A transient fault, or an answer saying the set-up is wrong (credentials refused, a tenant not set up), happened somewhere. */
    public void fault(Throwable e) {
        lastFault = e.getMessage();
        if (e instanceof AcsMisconfiguredException) {
            boolean credentials = e instanceof AcsCredentialsException;
            String problem = (credentials ? "credentials refused: " : "configuration error: ") + e.getMessage();
            if (configurationProblem == null) {
                LOG.error(credentials ? "ACS refuses the service's credentials; input waits until this is fixed: {}"
                        : "ACS answers that the tenant's set-up is wrong; input waits until this is fixed: {}", e.getMessage());
            }
            configurationProblem = problem;
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

    /** When an ACS call last answered usefully, or null before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** How long ACS may go without an answer before the idle-time probe calls it. */
    public Duration probeInterval() {
        return probeInterval;
    }

    /** Since when ACS counts as down, or null while it is usable. */
    public Instant downSince() {
        return downSince;
    }

    /**
     * Why ACS counts as down (credentials refused, a configuration error, or unreachable with the last fault), or null
     * while it is usable.
     */
    public String downReason() {
        if (!isDown()) {
            return null;
        }
        return configurationProblem != null ? configurationProblem : "unreachable: " + lastFault;
    }

    /**
     * What ACS answered that says the service's set-up is wrong (credentials refused, a tenant not set up for the API),
     * while that lasts; null otherwise (usable, or only unreachable).
     */
    public String configurationProblem() {
        return isDown() ? configurationProblem : null;
    }

    /** A server error without an ACS code: the last one, when, and how many since start. */
    public record ServerError(String detail, Instant at, int sinceStart) {
    }

    /** The last server error without an ACS code, or null when there was none. */
    public ServerError lastServerError() {
        String detail = lastServerError;
        return detail == null ? null : new ServerError(detail, lastServerErrorAt, serverErrors.get());
    }
}
