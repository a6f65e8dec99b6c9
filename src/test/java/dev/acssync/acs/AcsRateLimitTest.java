package dev.acssync.acs;

import dev.acssync.TestSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate limit's own rules: spacing, order, live changes, what an operator may not write, and a stop. */
class AcsRateLimitTest {
    private final DefaultCamelContext camel = new DefaultCamelContext();

    private AcsRateLimit limit(double requestsPerSecond) {
        AcsProperties shipped = TestSettings.acs();
        AcsProperties acs = new AcsProperties(shipped.organization(), shipped.baseUrl(), shipped.clientId(), shipped.clientSecret(),
                shipped.concurrency(), shipped.ims(), shipped.http(), new AcsProperties.RateLimit(requestsPerSecond),
                shipped.orgUnits(), shipped.retry(), shipped.outage(), shipped.health(), shipped.preflight(),
                shipped.pkeyRecords(), shipped.customKey());
        return new AcsRateLimit(acs, camel);
    }

    @Test
    void slotsAre105PercentOfOneRthApartSoNoSecondHoldsMoreThanR() {
        assertThat(new AcsRate(10).slotInterval()).isEqualTo(Duration.ofMillis(105));
        assertThat(new AcsRate(0.5).slotInterval()).isEqualTo(Duration.ofMillis(2100));
        assertThat(new AcsRate(0).unlimited()).isTrue();
        AcsRateLimit limit = limit(40);
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            limit.acquire();
            at.add(System.nanoTime());
        }
        for (int i = 0; i + 40 < at.size(); i++) {
            assertThat((at.get(i + 40) - at.get(i)) / 1_000_000).as("41 slots span more than a second").isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void callersGetTheirSlotsInTheOrderTheyCame() throws Exception {
        AcsRateLimit limit = limit(20);
        limit.acquire();
        List<Integer> served = Collections.synchronizedList(new ArrayList<>());
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int caller = i;
            Thread t = new Thread(() -> {
                limit.acquire();
                served.add(caller);
            });
            t.start();
            callers.add(t);
            // the next caller comes once this one waits in the queue (or, on a busy machine, was already served)
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (limit.waiting() + served.size() < i + 1) {
                assertThat(System.nanoTime()).as("caller %d neither waits nor was served", caller).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        for (Thread t : callers) {
            t.join(5000);
        }
        assertThat(served).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aLiveChangeReachesTheCallerAlreadyWaiting() throws Exception {
        AcsRateLimit limit = limit(0.2); // a slot every 5.25 s
        limit.acquire();
        CountDownLatch served = new CountDownLatch(1);
        new Thread(() -> {
            limit.acquire();
            served.countDown();
        }).start();
        while (limit.waiting() < 1) {
            Thread.onSpinWait();
        }
        new RateLimitControl(limit, false).setRequestsPerSecond("10");
        assertThat(served.await(1, TimeUnit.SECONDS)).as("served 105 ms after the last slot, not 5.25 s").isTrue();
    }

    @Test
    void theOperatorCanWriteOnlyARateFromOneTenthTo1000() {
        AcsRateLimit limit = limit(10);
        RateLimitControl control = new RateLimitControl(limit, false);
        for (double absurd : new double[] {0, -5, 0.05, 1000.5, Integer.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> control.setRequestsPerSecond(String.valueOf(absurd))).as("" + absurd)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nothing changed");
            assertThat(control.getRequestsPerSecond()).isEqualTo("10.0");
        }
        control.setRequestsPerSecond("0.1");
        control.setRequestsPerSecond("1000");
        assertThat(control.getRequestsPerSecond()).isEqualTo("1000.0");
        assertThat(control.getConfiguredRequestsPerSecond()).isEqualTo(10);
        assertThatThrownBy(() -> new RateLimitControl(limit, true).setRequestsPerSecond("5")).hasMessageContaining("every instance");
        for (String typed : new String[] {"ten", "", "1e9", "-1"}) {
            assertThatThrownBy(() -> control.setRequestsPerSecond(typed)).hasMessageContaining("Nothing changed");
        }
        control.setRequestsPerSecond(" 2.5 ");
        assertThat(control.getRequestsPerSecond()).isEqualTo("2.5");
        assertThatThrownBy(() -> new AcsRate(5000)).isInstanceOf(dev.acssync.vocabulary.ConfigurationMistakeException.class)
                .hasMessageContaining("acs.rate-limit.requests-per-second");
    }

    @Test
    void anInterruptedCallerGivesUpAsTransientAndTheQueueGoesOn() throws Exception {
        AcsRateLimit limit = limit(0.2);
        limit.acquire();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread waiting = new Thread(() -> {
            try {
                limit.acquire();
            } catch (RuntimeException e) {
                failed.set(e);
            }
        });
        waiting.start();
        while (limit.waiting() < 1) {
            Thread.onSpinWait();
        }
        waiting.interrupt();
        waiting.join(1000);
        assertThat(failed.get()).isInstanceOf(AcsTransientException.class).hasMessageContaining("stopping");
        assertThat(limit.waiting()).isZero();
    }
}
