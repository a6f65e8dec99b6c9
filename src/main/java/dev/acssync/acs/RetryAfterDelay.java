package dev.acssync.acs;

import dev.acssync.metrics.SyncMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs when a transient fault occurs, before Camel computes the redelivery delay: when ACS said how long to wait
 * ({@code Retry-After}), that wait (capped) replaces the exponential back-off for this attempt. It also tells
 * {@link AcsAvailability}, which decides whether ACS as a whole is down.
 */
@Component("retryAfterDelay")
public class RetryAfterDelay implements Processor {
    private final long capMillis;
    private final SyncMetrics metrics;
    private final AcsAvailability availability;

    public RetryAfterDelay(@Value("${acs.retry.max-retry-after-ms:60000}") long capMillis, SyncMetrics metrics,
                           AcsAvailability availability) {
        this.capMillis = capMillis;
        this.metrics = metrics;
        this.availability = availability;
    }

    @Override
    public void process(Exchange exchange) {
        metrics.transientFault();
        if (exchange.getProperty(AcsAvailability.FIRST_FAULT_AT) == null) {
            exchange.setProperty(AcsAvailability.FIRST_FAULT_AT, java.time.Instant.now());
        }
        Exception e = exchange.getException();
        availability.fault(e);
        if (e instanceof AcsTransientException t && t.getRetryAfterMillis() != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(t.getRetryAfterMillis(), capMillis));
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
