package dev.acssync.health;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check of this service, group {@value #GROUP}: Camel's registry finds it as a bean (its health MBean in
 * Hawtio, the {@code camelHealth} indicator) and {@link SyncHealth} shows it as actuator component {@code sync/<id>}. It feeds no probe unless it says so: only the checks named in the probe groups of
 * config/application.properties are readiness or liveness checks (ProbeKindsTest keeps the two in step).
 */
abstract class SyncHealthCheck extends AbstractHealthCheck {
    public static final String GROUP = "sync";

    protected SyncHealthCheck(String id) {
        super(GROUP, id);
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** DOWN, with the reason as the message Camel's tools show and as detail {@code reason}. */
    protected static void down(HealthCheckResultBuilder builder, String reason) {
        builder.down().message(reason).detail("reason", reason);
    }
}
