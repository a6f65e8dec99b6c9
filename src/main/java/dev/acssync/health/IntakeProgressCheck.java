package dev.acssync.health;

import dev.acssync.acs.AcsAvailability;
import dev.acssync.cluster.ClusterRateLimit;
import dev.acssync.outcome.RunReport;
import dev.acssync.outcome.RunReports;
import dev.acssync.source.IntakePolls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code intakeProgress}, a liveness check: DOWN when the intake is stuck, so that the platform restarts the process
 * and, with several instances, the leadership and the file's lock go with it (docs/scale-out.md, "a hung leader").
 * Stuck: a file's run has made no progress for {@code sync.liveness.stall-timeout} (no record finished, no ACS call
 * made, no listing page), or with no run going on a poll of the folder or SFTP has not ended, while nothing waits on purpose (ACS
 * down or refusing the set-up, the cluster's rate limit out of reach: a restart would mend neither). A deadlock, a
 * write or a read that never returns, a process starved by its garbage collector.
 *
 * <p>Progress is what the check sees change between two of its calls; the probe calls it every few seconds.
 */
@Component
class IntakeProgressCheck extends SyncHealthCheck {
    private final IntakePolls polls;
    private final RunReports runs;
    private final AcsAvailability acs;
    private final ClusterRateLimit clusterRate;
    private final Duration stallTimeout;
    private final Clock clock;

    private Progress seen;
    private Instant movedAt;

    @Autowired
    public IntakeProgressCheck(IntakePolls polls, RunReports runs, AcsAvailability acs, ClusterRateLimit clusterRate,
                               LivenessProperties liveness) {
        this(polls, runs, acs, clusterRate, liveness, Clock.systemUTC());
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

    /** What moves while the intake works: each running file's counts, or between runs its polls' beginnings and ends. */
    private record Progress(long polls, List<String> runs) {
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = clock.instant();
        List<RunReport> running = runs.inFlight();
        Optional<Instant> polling = polls.pollingSince();
        // a run goes on after its poll has handed it over (Camel routes it asynchronously), and the next polls pass it
        // by: while files run, their counts are the progress; between runs, the polls'
        Progress progress = new Progress(running.isEmpty() ? polls.beginningsAndEnds() : 0, running.stream()
                .map(run -> run.getSource() + ": " + run.getRecords() + " records, " + run.getAcsCalls() + " ACS calls"
                        + (run.getLookup() != null && run.getLookup().listing() != null ? ", " + run.getLookup().listing() : ""))
                .sorted().toList());
        boolean working = polling.isPresent() || !running.isEmpty();
        String waitingOnPurpose = waitingOnPurpose();
        Duration still;
        synchronized (this) {
            if (!working || waitingOnPurpose != null || !progress.equals(seen)) {
                seen = progress;
                movedAt = now;
            }
            still = Duration.between(movedAt, now);
        }
        if (working && still.compareTo(stallTimeout) >= 0) {
            down(builder, "the intake has made no progress for " + still.toSeconds() + " s (sync.liveness.stall-timeout is "
                    + stallTimeout.toSeconds() + " s): " + (running.isEmpty()
                    ? "a poll of the inbox began at " + polling.get() + " and has not ended"
                    : String.join("; ", progress.runs()) + ", unchanged")
                    + "; a restart gives the inbox to another instance, which goes on from the file's checkpoint");
            return;
        }
        builder.up();
        if (waitingOnPurpose != null) {
            builder.detail("waitingOnPurpose", waitingOnPurpose);
        } else if (working) {
            builder.detail("lastProgress", movedAt.toString());
        }
    }

    /** Why nothing may move now without anything being stuck, or null. */
    private String waitingOnPurpose() {
        if (acs.isDown()) {
            return "ACS: " + acs.downReason();
        }
        return clusterRate.waitingSince().map(since -> "ACS calls wait for the cluster's rate limit since " + since).orElse(null);
    }
}
