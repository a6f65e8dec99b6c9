package dev.acssync.acs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.acssync.record.SyncRecord;
import dev.acssync.vocabulary.AcsCallKind;
import dev.acssync.vocabulary.RunCalls;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The ACS calls' metrics: {@code acs.requests} (latency by method, resource and status, with p50/p95/p99 and histogram
 * buckets), {@code acs.transient-faults}, {@code acs.tokens.issued}. Timed around the HTTP call in acs-http.
 */
@Component("acsCallMetrics")
public class AcsCallMetrics {
    private final MeterRegistry registry;
    private final Counter transientFaults;
    private final Map<AcsCallKind, Counter> calls = new EnumMap<>(AcsCallKind.class);

    public AcsCallMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (AcsCallKind kind : AcsCallKind.values()) {
            calls.put(kind, Counter.builder("acs.calls").tag("kind", kind.label())
                    .description("ACS calls spent, by kind: listing pages (snapshot runs), records' lookups and PATCHes, "
                            + "and their retries").register(registry));
        }
        this.transientFaults = Counter.builder("acs.transient-faults")
                .description("transient ACS faults (429, 502/503/504, no answer), each normally retried").register(registry);
    }

    /** Registered by the token provider, which it measures. */
    void tokens(AcsTokenProvider tokens) {
        Gauge.builder("acs.tokens.issued", tokens, AcsTokenProvider::tokensIssued)
                .description("IMS access tokens obtained since start").register(registry);
    }

    /** Before the HTTP call: its start, for the timer. */
    public long started() {
        return System.nanoTime();
    }

    /** After the HTTP call answered (any status). */
    public void answered(@Variable("acsCallStarted") Long started, @Variable("acsMethod") Object method,
                         @Variable("acsUri") String uri, @Variable("header:acsAnswer.CamelHttpResponseCode") Integer status) {
        if (started == null || status == null) {
            return;
        }
        Timer.builder("acs.requests")
                .description("ACS calls: latency by method, resource and HTTP status")
                .tags("method", String.valueOf(method), "resource", AcsAnswers.resourceOf(uri), "status", String.valueOf(status))
                .publishPercentiles(0.5, 0.95, 0.99)
                // buckets too, so Prometheus (and the benchmark) can compute quantiles over any interval
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * A record's ACS call is being made (acs-http, step count-call-by-kind): a retry when it repeats the call after a
     * fault ({@link RetryBudget}) or with a fresh token after a 401, else a lookup (GET) or a PATCH. Counted on the
     * record, for its run's report, and in {@code acs.calls}.
     */
    public void recordCall(@Variable("record") SyncRecord record, @Variable("acsMethod") Object method,
                           @Variable("acsTokenRetry") Boolean tokenRetry, Exchange exchange) {
        AcsCallKind kind = RetryBudget.isRetrying(exchange) || Boolean.TRUE.equals(tokenRetry) ? AcsCallKind.RETRY
                : "PATCH".equals(String.valueOf(method)) ? AcsCallKind.PATCH : AcsCallKind.LOOKUP;
        if (record != null) {
            record.countAcsCall(kind);
        }
        RunCalls run = exchange.getProperty("run", RunCalls.class);
        if (run != null) {
            run.recordCallMade();
        }
        calls.get(kind).increment();
    }

    /** A page of the profile listing, or its count: counted in {@code acs.calls} and by the run that lists. */
    public void listingCall(@ExchangeProperty("run") RunCalls run) {
        if (run != null) {
            run.listingCall();
        }
        calls.get(AcsCallKind.LISTING).increment();
    }

    void transientFault() {
        transientFaults.increment();
    }
}
