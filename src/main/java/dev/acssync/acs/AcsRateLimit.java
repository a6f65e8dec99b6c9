package dev.acssync.acs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code rate-limit} step of routes/acs/acs-call.camel.yaml (one instance): every HTTP call to ACS takes a slot
 * first, all sources, retries and second tries together. Slots are {@link AcsRate#slotInterval() 1.05/R s} apart and
 * go to the callers in the order they came (a fair queue): a running file, another file and the JMS queue each get
 * slots in turn with the records they have in flight, none can be passed over for ever.
 * <p>
 * Why not Camel's throttle: its permits come in bursts of R (a request's jitter on the way then puts R + 1 in one of
 * ACS's seconds), its waiters are not served in order (files starved for minutes while others ran), and an operator's
 * absurd {@code MaximumRequests} wedged it for good. Here the rate is changed live through {@link RateLimitControl},
 * which accepts only {@link AcsRate#MIN} to {@link AcsRate#MAX}; a waiting caller sees a new rate at once. A caller
 * waits in slices of at most 100 ms and gives up when Camel forces its shutdown, so a stop is never held up here.
 */
@Component("acsRateLimit")
public class AcsRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(AcsRateLimit.class);
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final CamelContext camel;
    private final AcsRate configured;
    private volatile AcsRate rate;
    /** Callers queue here, first come first served; the one holding it waits for the next slot. */
    private final ReentrantLock queue = new ReentrantLock(true);
    /** When the last slot was given (guarded by {@link #queue}). */
    private long lastSlot = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private volatile Thread head;

    public AcsRateLimit(AcsProperties acs, CamelContext camel) {
        this.configured = acs.rateLimit().rate();
        this.rate = configured;
        this.camel = camel;
    }

    /** Returns when this call may go to ACS. */
    public void acquire() {
        if (rate.unlimited()) {
            return;
        }
        try {
            queue.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopping();
        }
        try {
            head = Thread.currentThread();
            while (true) {
                long interval = rate.slotInterval().toNanos();
                long wait = lastSlot + interval - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                if (Thread.currentThread().isInterrupted() || camel.getShutdownStrategy().isForceShutdown()) {
                    throw stopping();
                }
                LockSupport.parkNanos(this, Math.min(wait, SLICE_NANOS));
            }
            lastSlot = System.nanoTime();
        } finally {
            head = null;
            queue.unlock();
        }
    }

    private static AcsTransientException stopping() {
        return new AcsTransientException("the service is stopping: the call was not sent", null, null);
    }

    /** The rate now: the configured one, or the one an operator set live. */
    public AcsRate rate() {
        return rate;
    }

    public AcsRate configured() {
        return configured;
    }

    /** A new rate, from now on: the caller waiting for a slot is told at once (no burst: slots stay spaced from the last one). */
    void change(AcsRate newRate, String by) {
        if (newRate.unlimited()) {
            throw new IllegalArgumentException("the rate cannot be lifted live; set acs.rate-limit.requests-per-second=0 and restart");
        }
        AcsRate old = rate;
        rate = newRate;
        LOG.warn("ACS rate limit changed by {}: {} (was {}; configured {})", by, newRate, old, configured);
        Thread waiting = head;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** Callers waiting for a slot now. */
    int waiting() {
        return queue.getQueueLength() + (queue.isLocked() ? 1 : 0);
    }
}
