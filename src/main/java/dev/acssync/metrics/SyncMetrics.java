package dev.acssync.metrics;

import dev.acssync.orgunit.OrgUnitDirectory;
import dev.acssync.outcome.RecordOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * The records' metrics (Micrometer, at /actuator/metrics and /actuator/prometheus): {@code sync.records} (outcomes by
 * channel, status and reason), {@code sync.records.in-flight}, and the directory's {@code sync.org-units} and
 * {@code sync.org-units.refreshes}. The ACS calls' own metrics are {@code dev.acssync.acs.AcsCallMetrics}'.
 */
@Component("syncMetrics")
public class SyncMetrics {
    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry, OrgUnitDirectory directory, CamelContext camel) {
        this.registry = registry;
        Gauge.builder("sync.org-units", directory, OrgUnitDirectory::size)
                .description("org units in the cached directory").register(registry);
        Gauge.builder("sync.org-units.refreshes", directory, OrgUnitDirectory::loads)
                .description("org-unit directory loads since start").register(registry);
        Gauge.builder("sync.records.in-flight", camel, c -> c.getInflightRepository().size("assign-org-unit"))
                .description("records being processed now").register(registry);
    }

    public void recordOutcome(String channel, RecordOutcome outcome) {
        Counter.builder("sync.records")
                .description("records by channel (file, sftp, jms), status and reason")
                .tags("channel", channel, "status", outcome.getStatus(),
                        "reason", outcome.isDeadLettered() ? outcome.getReason().name() : "none")
                .register(registry).increment();
    }
}
