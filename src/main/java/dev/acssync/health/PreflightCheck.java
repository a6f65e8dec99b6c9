package dev.acssync.health;

import dev.acssync.preflight.Preflight;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.stereotype.Component;

/** {@code preflight}: DOWN, with what to fix, until the preflight passed. A readiness check: nothing is taken before. */
@Component
class PreflightCheck extends SyncHealthCheck {
    private final Preflight preflight;

    public PreflightCheck(Preflight preflight) {
        super("preflight");
        this.preflight = preflight;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant checkedAt = preflight.checkedAt();
        if (preflight.isPassed()) {
            builder.up().detail("orgUnits", preflight.orgUnits());
        } else {
            down(builder, preflight.problem());
        }
        builder.detail("checkedAt", checkedAt == null ? "never" : checkedAt.toString());
    }
}
