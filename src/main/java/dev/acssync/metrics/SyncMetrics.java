package dev.acssync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The records' metrics (Micrometer, at /actuator/metrics and /actuator/prometheus): {@code sync.records} (outcomes by
 * channel, status and reason), {@code sync.records.in-flight}, and the directory's {@code sync.org-units} and
 * {@code sync.org-units.refreshes}. The ACS calls' own metrics are {@code dev.acssync.acs.AcsCallMetrics}'.
 * A leaf: it knows names and numbers only, so every package may count into it.
 */
@Component("syncMetrics")
public class SyncMetrics {
    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry, CamelContext camel) {
        this.registry = registry;
        Gauge.builder("sync.records.in-flight", camel, c -> c.getInflightRepository().size("assign-org-unit"))
                .description("records being processed now").register(registry);
    }

    /** The org-unit directory's size and loads, read when the metrics are scraped. */
    public void watchDirectory(Supplier<Number> units, Supplier<Number> loads) {
        Gauge.builder("sync.org-units", units).description("org units in the cached directory").register(registry);
        Gauge.builder("sync.org-units.refreshes", loads).description("org-unit directory loads since start").register(registry);
    }

    /** One record's outcome, from its channel (file, sftp, jms); its reason is {@code none} unless it is a dead letter. */
    public void recordOutcome(@Variable("channel") String channel, @Variable("outcome") CountedOutcome outcome) {
        String reason = outcome.reasonName();
        Counter.builder("sync.records")
                .description("records by channel (file, sftp, jms), status and reason")
                .tags("channel", channel, "status", outcome.getStatus(), "reason", reason == null ? "none" : reason)
                .register(registry).increment();
    }
}
