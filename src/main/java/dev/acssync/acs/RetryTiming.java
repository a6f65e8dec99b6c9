package dev.acssync.acs;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The record policy's {@code onExceptionOccurred}: runs when a retried fault occurs, before Camel computes the delay.
 * It notes when the failing call first failed (the give-up time counts from there, see
 * {@link AcsAvailability#shouldRetry}), and when ACS said how long to wait ({@code Retry-After}), that wait (capped at
 * {@code acs.retry.max-retry-after-ms}) replaces the exponential back-off for this attempt.
 */
@Component("retryTiming")
public class RetryTiming implements Processor {
    private final long capMillis;

    public RetryTiming(AcsProperties acs) {
        this.capMillis = acs.retry().maxRetryAfterMs();
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(AcsAvailability.FIRST_FAULT_AT) == null) {
            exchange.setProperty(AcsAvailability.FIRST_FAULT_AT, Instant.now());
        }
        if (exchange.getException() instanceof AcsTransientException t && t.getRetryAfterMillis() != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(t.getRetryAfterMillis(), capMillis));
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
