package dev.acssync.acs;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The retry budget of the ACS call a record is on, kept from its first fault to its end by this class alone: the
 * record policy (routes/error-handling/record-errors.camel.yaml) asks it whether to try again, and acs-call's step
 * fresh-retry-budget ends it when a call succeeds, so the record's next call starts with a whole one.
 * <ul>
 *   <li>ACS unavailable: the call is tried again until {@code acs.retry.give-up-after} has passed since it first failed;</li>
 *   <li>a server error without an ACS code: {@code acs.retry.server-error-retries} more tries;</li>
 *   <li>either, for as long as ACS as a whole is down ({@link AcsAvailability}).</li>
 * </ul>
 * As the policy's {@code onExceptionOccurred} (it runs when a fault occurs, before Camel computes the delay) it notes
 * when the call first failed, and when ACS said how long to wait ({@code Retry-After}), that wait (capped at
 * {@code acs.retry.max-retry-after-ms}) replaces the exponential back-off for this attempt.
 */
@Component("retryBudget")
public class RetryBudget implements Processor {
    // the budget's state travels with the record's exchange, as one object nobody else reads: a step that works on a
    // copy of the exchange (a Kamelet's route) shares the object, so a reset there is seen by the record's policy
    private static final String STATE = "acsRetryBudget";

    private static final class CallState {
        Instant firstFault;
        int serverErrors;
    }

    private static CallState state(Exchange exchange) {
        CallState state = exchange.getProperty(STATE, CallState.class);
        if (state == null) {
            state = new CallState();
            exchange.setProperty(STATE, state);
        }
        return state;
    }

    private final AcsAvailability availability;
    private final Duration giveUpAfter;
    private final int serverErrorRetries;
    private final long maxRetryAfterMillis;

    public RetryBudget(AcsProperties acs, AcsAvailability availability) {
        this.availability = availability;
        this.giveUpAfter = acs.retry().giveUpAfter();
        this.serverErrorRetries = acs.retry().serverErrorRetries();
        this.maxRetryAfterMillis = acs.retry().maxRetryAfterMs();
    }

    /** A fault occurred (the policy's onExceptionOccurred). */
    @Override
    public void process(Exchange exchange) {
        CallState state = state(exchange);
        if (state.firstFault == null) {
            state.firstFault = Instant.now();
        }
        if (exchange.getException() instanceof AcsTransientException t && t.getRetryAfterMillis() != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(t.getRetryAfterMillis(), maxRetryAfterMillis));
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }

    /** ACS unavailable: try again until the give-up time has passed since the first fault, or while ACS is down. */
    public boolean shouldRetry(Exchange exchange) {
        Instant firstFault = state(exchange).firstFault;
        return availability.isDown() || firstFault == null || Instant.now().isBefore(firstFault.plus(giveUpAfter));
    }

    /** A server error without an ACS code: try again a few times, or while ACS is down. */
    public boolean shouldRetryServerError(Exchange exchange) {
        return availability.isDown() || state(exchange).serverErrors <= serverErrorRetries;
    }

    /** Counts a server error without an ACS code against the call; returns how many it got (Camel's own counter counts every fault). */
    int serverError(Exchange exchange) {
        return ++state(exchange).serverErrors;
    }

    /** The record's call now being tried follows a fault of the same call: a retry. */
    static boolean isRetrying(Exchange exchange) {
        CallState state = exchange.getProperty(STATE, CallState.class);
        return state != null && (state.firstFault != null || state.serverErrors > 0);
    }

    /** The call succeeded: the record's next call gets a whole budget. */
    public void callSucceeded(Exchange exchange) {
        CallState state = exchange.getProperty(STATE, CallState.class);
        if (state != null) {
            state.firstFault = null;
            state.serverErrors = 0;
        }
    }
}
