package dev.acssync.metrics;

import dev.acssync.acs.AcsResponses;
import dev.acssync.acs.AcsTokenProvider;
import dev.acssync.orgunit.OrgUnitDirectory;
import dev.acssync.outcome.RecordOutcome;
import dev.acssync.outcome.RecordOutcomes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The service's own metrics (Micrometer, at /actuator/metrics and /actuator/prometheus):
 * {@code acs.requests} (latency by method, resource and status, with p50/p95/p99), {@code acs.transient-faults}, {@code sync.records}
 * (outcomes by channel, status and reason), token and directory refreshes, records in flight.
 */
@Component("syncMetrics")
public class SyncMetrics {
    private static final String STARTED = "acsCallStartedNanos";

    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry, AcsTokenProvider tokens, OrgUnitDirectory directory,
                       org.apache.camel.CamelContext camel) {
        this.registry = registry;
        Gauge.builder("acs.tokens.issued", tokens, AcsTokenProvider::tokensIssued)
                .description("IMS access tokens obtained since start").register(registry);
        Gauge.builder("sync.org-units", directory, OrgUnitDirectory::size)
                .description("org units in the cached directory").register(registry);
        Gauge.builder("sync.org-units.refreshes", directory, OrgUnitDirectory::loads)
                .description("org-unit directory loads since start").register(registry);
        Gauge.builder("sync.records.in-flight", camel, c -> c.getInflightRepository().size("assign-org-unit"))
                .description("records being processed now").register(registry);
    }

    /** Before an ACS call; also counts the calls spent on the record (its dead letter's {@code attempts}). */
    public void callStarted(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(RecordOutcomes.ACS_CALLS, exchange.getProperty(RecordOutcomes.ACS_CALLS, 0, Integer.class) + 1);
    }

    /** After an ACS call answered (any status). */
    public void callFinished(Exchange exchange, @ExchangeProperty("acsMethod") String method,
                             @ExchangeProperty("acsUri") String uri) {
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started == null) {
            return;
        }
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Timer.builder("acs.requests")
                .description("ACS calls: latency by method, resource and HTTP status")
                .tags("method", String.valueOf(method), "resource", AcsResponses.resourceOf(uri), "status", String.valueOf(status))
                .publishPercentiles(0.5, 0.95, 0.99)
                // buckets too, so Prometheus (and the benchmark) can compute quantiles over any interval
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** A transient fault occurred (each one is followed by a redelivery, unless retries are exhausted). */
    public void transientFault() {
        Counter.builder("acs.transient-faults").description("transient ACS faults (429, 5xx, I/O), each normally retried")
                .register(registry).increment();
    }

    public void recordOutcome(String channel, RecordOutcome outcome) {
        Counter.builder("sync.records")
                .description("records by channel (file, sftp, jms), status and reason")
                .tags("channel", channel, "status", outcome.getStatus(),
                        "reason", outcome.isDeadLettered() ? outcome.getReason().name() : "none")
                .register(registry).increment();
    }
}
