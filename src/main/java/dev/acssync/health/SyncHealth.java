package dev.acssync.health;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The service's Camel health checks as actuator component {@code sync}, one member per check ({@code sync/preflight},
 * ...). The probe groups include members by name, so Camel's route and consumer checks (a route stopped on purpose, an
 * SFTP server out of reach) stay out of the probes, as before. Each member calls its check itself, not through Camel's
 * registry: liveness must still answer once the Camel context has stopped.
 */
@Component("sync")
class SyncHealth implements CompositeHealthContributor {
    private final Map<String, HealthIndicator> members = new TreeMap<>();

    public SyncHealth(List<HealthCheck> checks) {
        for (HealthCheck check : checks) {
            if (SyncHealthCheck.GROUP.equals(check.getGroup())) {
                members.put(check.getId(), () -> health(check));
            }
        }
    }

    /** A check's result as actuator health: its state and its own details, sorted (Camel's counters and times left out). */
    static Health health(HealthCheck check) {
        HealthCheck.Result result;
        try {
            result = check.call();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
        Health.Builder health = Health.status(switch (result.getState()) {
            case UP -> Status.UP;
            case DOWN -> Status.DOWN;
            case UNKNOWN -> Status.UNKNOWN;
        });
        new TreeMap<>(result.getDetails()).forEach((key, value) -> {
            if (value != null && !HealthCheckHelper.isReservedKey(key)) {
                health.withDetail(key, value);
            }
        });
        result.getError().ifPresent(health::withException);
        return health.build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return members.get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return members.entrySet().stream()
                .map(e -> NamedContributor.<HealthContributor>of(e.getKey(), e.getValue()))
                .iterator();
    }
}
