package dev.acssync.health;

import dev.acssync.acs.AcsAvailability;
import dev.acssync.acs.AcsProperties;
import dev.acssync.cluster.ClusterRateLimit;
import dev.acssync.outcome.RunReport;
import dev.acssync.outcome.RunReports;
import dev.acssync.source.IntakePolls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code intakeProgress}, a liveness check: DOWN when the intake is stuck, so that the platform restarts the process
 * and, with several instances, the leadership and the file's lock go with it (docs/scale-out.md, "a hung leader").
 * Stuck: a file's run has done nothing for {@code sync.liveness.stall-timeout} (no record read, no ACS call made, no
 * outcome) or, with no run going on, a poll of the folder or SFTP has not ended for that long, while nothing waits on
 * purpose (ACS down or refusing the set-up, the cluster's rate limit out of reach: a restart would mend neither). A
 * deadlock, a write or a read that never returns, a process starved by its garbage collector.
 *
 * <p>A run's progress is what the check sees change between two of its calls; the probe calls it every few seconds.
 * The first DOWN of a stall is logged with the stacks of Camel's threads: the process is killed soon after.
 */
@Component
class IntakeProgressCheck extends SyncHealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeProgressCheck.class);

    private final IntakePolls polls;
    private final RunReports runs;
    private final AcsAvailability acs;
    private final ClusterRateLimit clusterRate;
    private final Duration stallTimeout;
    private final Clock clock;

    private Map<String, Long> seen;
    private Instant movedAt;
    private boolean saidStuck;

    @Autowired
    public IntakeProgressCheck(IntakePolls polls, RunReports runs, AcsAvailability acs, ClusterRateLimit clusterRate,
                               LivenessProperties liveness, AcsProperties acsSettings, Environment environment) {
        this(polls, runs, acs, clusterRate, liveness, Clock.systemUTC());
        Duration longestWait = longestWaitBetweenTwoCalls(acsSettings, environment);
        if (stallTimeout.compareTo(longestWait) <= 0) {
            LOG.warn("sync.liveness.stall-timeout ({} s) is not above a record's longest wait between two ACS calls ({} s: a "
                    + "capped Retry-After plus a call's time-outs): liveness may restart a process that is only waiting",
                    stallTimeout.toSeconds(), longestWait.toSeconds());
        }
    }

    IntakeProgressCheck(IntakePolls polls, RunReports runs, AcsAvailability acs, ClusterRateLimit clusterRate,
                        LivenessProperties liveness, Clock clock) {
        super("intakeProgress");
        this.polls = polls;
        this.runs = runs;
        this.acs = acs;
        this.clusterRate = clusterRate;
        this.stallTimeout = liveness == null ? null : liveness.stallTimeout();
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String stuck;
        String waitingOnPurpose;
        Instant lastMoved;
        boolean working;
        synchronized (this) {
            Instant now = clock.instant();
            List<RunReport> running = runs.inFlight();
            Map<String, Long> activity = running.stream()
                    .collect(Collectors.toMap(RunReport::getSource, RunReport::activity, Long::sum, TreeMap::new));
            waitingOnPurpose = waitingOnPurpose();
            if (running.isEmpty()) {
                // a run goes on after its poll (Camel routes the file asynchronously): between runs, the polls' own age
                Optional<Instant> polling = polls.pollingSince();
                movedAt = waitingOnPurpose != null || polling.isEmpty() ? now : polling.get();
                seen = null;
            } else if (waitingOnPurpose != null || !activity.equals(seen)) {
                seen = activity;
                movedAt = now;
            }
            lastMoved = movedAt;
            working = seen != null || !lastMoved.equals(now);
            Duration still = Duration.between(movedAt, now);
            stuck = still.compareTo(stallTimeout) < 0 ? null : "the intake has made no progress for " + still.toSeconds()
                    + " s (sync.liveness.stall-timeout is " + stallTimeout.toSeconds() + " s): " + (running.isEmpty()
                    ? "a poll of the inbox began at " + movedAt + " and has not ended"
                    : running.stream().map(run -> run.getSource() + ": " + run.getRecords() + " records, " + run.getAcsCalls()
                            + " ACS calls").sorted().collect(Collectors.joining("; ")) + ", unchanged")
                    + "; a restart gives the inbox to the next start (with several instances, to another), which goes on "
                    + "from the file's checkpoint";
            if (stuck != null && !saidStuck) {
                LOG.warn("Liveness is DOWN: {}. Camel's threads now:{}", stuck, camelThreads());
            } else if (stuck == null && saidStuck) {
                LOG.info("The intake moves again: liveness is UP");
            }
            saidStuck = stuck != null;
        }
        if (stuck != null) {
            down(builder, stuck);
            return;
        }
        builder.up();
        if (waitingOnPurpose != null) {
            builder.detail("waitingOnPurpose", waitingOnPurpose);
        } else if (working) {
            builder.detail("lastProgress", lastMoved.toString());
        }
    }

    /** Why nothing may move now without anything being stuck, or null. */
    private String waitingOnPurpose() {
        if (acs.isDown()) {
            return "ACS: " + acs.downReason();
        }
        return clusterRate.waitingSince().map(since -> "ACS calls wait for the cluster's rate limit since " + since).orElse(null);
    }

    /** Where Camel's threads are (the file's consumer, the records' workers): what an operator needs to see the hang. */
    private static String camelThreads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("Camel")) {
                out.append("\n\"").append(thread.getName()).append("\" ").append(thread.getState());
                Arrays.stream(stack).limit(12).forEach(frame -> out.append("\n\tat ").append(frame));
            }
        });
        return out.toString();
    }

    /** A capped Retry-After, then a call that takes all its time-outs (a pooled connection, connecting, the answer). */
    private static Duration longestWaitBetweenTwoCalls(AcsProperties acs, Environment environment) {
        long timeouts = environment.getProperty("camel.component.http.connection-request-timeout", Long.class, 0L)
                + environment.getProperty("camel.component.http.connect-timeout", Long.class, 0L)
                + environment.getProperty("camel.component.http.response-timeout", Long.class, 0L);
        return Duration.ofMillis(Math.max(acs.retry().maxRetryAfterMs(), acs.retry().maxDelayMs()) + timeouts);
    }
}
