package dev.acssync.acs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The global ceiling on ACS requests per second, shared by every source, the directory and every retry.
 * Requests are spaced evenly (1/rate apart) rather than counted per window: a window counter lets a burst at the
 * end of one window meet a burst at the start of the next, doubling the rate ACS sees in its own second.
 * The rate can be changed at run time (JMX / Hawtio: dev.acssync:name=acsRateLimiter, see {@link AcsRateLimiterControl}).
 */
@Component("acsRateLimiter")
public class AcsRateLimiter {
    private volatile double requestsPerSecond;
    private long nextSlotNanos = System.nanoTime();

    public AcsRateLimiter(@Value("${acs.rate-limit.requests-per-second:10}") double requestsPerSecond) {
        setRequestsPerSecond(requestsPerSecond);
    }

    /** Blocks until this request may be sent. */
    public void acquire() {
        double rate = requestsPerSecond;
        if (rate <= 0) {
            return;
        }
        // 1% slack keeps a request's arrival jitter from squeezing one extra into ACS's second
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate * 1.01);
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlotNanos);
            nextSlotNanos = slot + interval;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    public double getRequestsPerSecond() {
        return requestsPerSecond;
    }

    public void setRequestsPerSecond(double requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
        synchronized (this) {
            nextSlotNanos = System.nanoTime();
        }
    }
}
