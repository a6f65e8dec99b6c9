package dev.acssync.health;

import dev.acssync.acs.AcsAvailability;
import dev.acssync.cluster.ClusterRateLimit;
import dev.acssync.outcome.RunReport;
import dev.acssync.outcome.RunReports;
import dev.acssync.source.IntakePolls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Liveness says a process is stuck when its intake stops moving: a poll or a file's run without progress for the stall
 * timeout, unless it waits on purpose (ACS down, the cluster's rate limit out of reach).
 */
class IntakeProgressCheckTest {
    private static final Duration STALL = Duration.ofMinutes(10);

    private final MovingClock clock = new MovingClock();
    private final IntakePolls polls = new IntakePolls(clock);
    private final RunReports runs = mock(RunReports.class);
    private final AcsAvailability acs = mock(AcsAvailability.class);
    private final ClusterRateLimit clusterRate = mock(ClusterRateLimit.class);
    private IntakeProgressCheck check;

    @BeforeEach
    void nothingGoesOn() {
        when(runs.inFlight()).thenReturn(List.of());
        when(clusterRate.waitingSince()).thenReturn(Optional.empty());
        check = new IntakeProgressCheck(polls, runs, acs, clusterRate, new LivenessProperties(STALL), clock);
    }

    @Test
    void anIdleServiceIsAliveHoweverLongNothingComes() {
        assertThat(state()).isEqualTo(HealthCheck.State.UP);
        clock.pass(Duration.ofHours(5));
        assertThat(state()).isEqualTo(HealthCheck.State.UP);
        polls.began("inbox");
        polls.ended("inbox");
        clock.pass(Duration.ofHours(5));
        assertThat(state()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void aPollThatNeverEndsIsStuckOnceTheStallTimeoutHasPassed() {
        polls.began("inbox");
        assertThat(state()).isEqualTo(HealthCheck.State.UP);
        clock.pass(STALL.minusSeconds(1));
        assertThat(state()).isEqualTo(HealthCheck.State.UP);
        clock.pass(Duration.ofSeconds(1));
        HealthCheck.Result result = check.call();
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getDetails().get("reason").toString()).contains("no progress for 600 s", "a poll of the inbox began");
        polls.ended("inbox");
        assertThat(state()).as("it moved again").isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void anSftpPollThatHangsIsStuckThoughTheInboxKeepsPolling() {
        polls.began("sftp");
        for (int second = 0; second < STALL.toSeconds(); second++) {
            polls.began("inbox");
            clock.pass(Duration.ofSeconds(1));
            polls.ended("inbox");
        }
        assertThat(state()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void aRunWhoseRecordsFinishIsAliveButOneThatStopsMovingIsStuck() {
        polls.began("inbox");
        RunReport run = run("crm-export.csv");
        when(runs.inFlight()).thenReturn(List.of(run));
        for (long activity = 1; activity <= 5; activity++) {
            when(run.activity()).thenReturn(activity);
            clock.pass(STALL.minusSeconds(1));
            assertThat(state()).as("the run did something within each stall timeout").isEqualTo(HealthCheck.State.UP);
        }
        // the run goes on after its poll (Camel routes the file asynchronously): the next polls pass it by, which is
        // not its progress
        polls.ended("inbox");
        for (int poll = 0; poll < 10; poll++) {
            clock.pass(STALL.dividedBy(10));
            polls.began("inbox");
            polls.ended("inbox");
        }
        HealthCheck.Result result = check.call();
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getDetails().get("reason").toString())
                .contains("crm-export.csv: 5 records, 7 ACS calls, unchanged", "checkpoint");
    }

    @Test
    void aRecordReadAheadForItsKeysOrReadForTheRunAnAcsCallARetryIncludedOrAListingPageIsProgress() {
        RunReport run = new RunReport("crm-export.csv", "file", false);
        when(runs.inFlight()).thenReturn(List.of(run));
        List<Runnable> signsOfLife = List.of(run::readAhead, () -> run.recordRead(1, 1, 40, 4000), run::recordCallMade,
                run::listingCall);
        assertThat(state()).isEqualTo(HealthCheck.State.UP);
        for (Runnable sign : signsOfLife) {
            clock.pass(STALL.minusSeconds(1));
            sign.run();
            assertThat(state()).isEqualTo(HealthCheck.State.UP);
        }
        clock.pass(STALL);
        assertThat(state()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void recordsWaitingForAcsOrTheClusterRateAreNotStuckAndTheirWaitDoesNotCountAfterwards() {
        polls.began("inbox");
        RunReport run = run("crm-export.csv");
        when(runs.inFlight()).thenReturn(List.of(run));
        when(acs.isDown()).thenReturn(true);
        when(acs.downReason()).thenReturn("unreachable: connection refused");
        clock.pass(Duration.ofHours(2));
        HealthCheck.Result result = check.call();
        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails().get("waitingOnPurpose").toString()).contains("connection refused");

        when(acs.isDown()).thenReturn(false);
        when(clusterRate.waitingSince()).thenReturn(Optional.of(clock.instant()));
        clock.pass(Duration.ofHours(2));
        assertThat(state()).isEqualTo(HealthCheck.State.UP);

        when(clusterRate.waitingSince()).thenReturn(Optional.empty());
        clock.pass(STALL.minusSeconds(1));
        assertThat(state()).as("the stall timeout counts from the end of the wait").isEqualTo(HealthCheck.State.UP);
        clock.pass(Duration.ofSeconds(1));
        assertThat(state()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void theStallTimeoutMustBePositive() {
        assertThatThrownBy(() -> new LivenessProperties(Duration.ZERO)).hasMessageContaining("sync.liveness.stall-timeout");
        assertThatThrownBy(() -> new LivenessProperties(Duration.ofSeconds(-5))).hasMessageContaining("positive");
        assertThatThrownBy(() -> new LivenessProperties(null)).hasMessageContaining("PT10M");
    }

    private HealthCheck.State state() {
        return check.call().getState();
    }

    private static RunReport run(String source) {
        RunReport run = mock(RunReport.class);
        when(run.getSource()).thenReturn(source);
        when(run.getRecords()).thenReturn(5L);
        when(run.getAcsCalls()).thenReturn(7L);
        when(run.activity()).thenReturn(12L);
        return run;
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T01:00:00Z");

        void pass(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
