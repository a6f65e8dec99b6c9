package dev.acssync.health;

import dev.acssync.acs.AcsAvailability;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code acsAvailability}: DOWN while ACS is unreachable, refuses the credentials or answers that the tenant is not
 * set up for the API (records wait meanwhile). A
 * readiness check. It never calls ACS: it reads what the records' calls and the idle-time probe found.
 */
@Component
public class AcsAvailabilityCheck extends SyncHealthCheck {
    private final AcsAvailability acs;

    public AcsAvailabilityCheck(AcsAvailability acs) {
        super("acsAvailability");
        this.acs = acs;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant lastSuccess = acs.lastSuccess();
        if (lastSuccess != null) {
            builder.detail("lastSuccess", lastSuccess.toString());
        }
        builder.detail("probeWhenIdle", "every " + acs.probeInterval().toSeconds() + " s");
        AcsAvailability.ServerError serverError = acs.lastServerError();
        if (serverError != null) {
            builder.detail("serverErrorsWithoutAcsCode", serverError.sinceStart() + " since start, the last at "
                    + serverError.at() + ": " + serverError.detail() + " (ACS answers but fails these calls: see docs/real-tenant.md)");
        }
        Instant downSince = acs.downSince();
        String reason = acs.downReason();
        if (downSince == null || reason == null) {
            builder.up();
            return;
        }
        down(builder, reason);
        builder.detail("downSince", downSince.toString());
    }
}
