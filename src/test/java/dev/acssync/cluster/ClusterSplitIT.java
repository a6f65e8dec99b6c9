package dev.acssync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.IMap;
import dev.acssync.acs.AcsTransientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A split that heals, on three real Hazelcast members over loopback (quorum 2): one member is cut off from the other
 * two while its callers take slots, then finds them again. Without a firewall: each side is made to suspect the other
 * through Hazelcast's internal API (pinned to Hazelcast 5.5), and the network being fine, the split heals as soon as
 * Hazelcast's split-brain handler looks, which is what its merge settings govern.
 */
class ClusterSplitIT {
    private static final int RATE = 10;
    /** The cut-off instance is configured lowest: the tenant's rate must be its rate again after the merge. */
    private static final double LOW = RATE / 2.0;
    private static final String WAIT = "ACS calls wait";
    private static final String REACHABLE = "reachable again";

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(8);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger rateLimitLog = (Logger) LoggerFactory.getLogger(ClusterRateLimit.class);

    @AfterEach
    void stop() {
        rateLimitLog.detachAppender(log);
        callers.shutdownNow();
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void aHealedSplitRejoinsWithinSecondsWithOneLogLinePerChangeAndTheLowestRate() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        HazelcastInstance a = member(ports[0], ports);
        HazelcastInstance b = member(ports[1], ports);
        HazelcastInstance cut = member(ports[2], ports);
        ClusterRateLimit onA = limit(a, RATE);
        ClusterRateLimit onB = limit(b, RATE);
        ClusterRateLimit onCut = limit(cut, LOW);
        onA.join();
        onB.join();
        onCut.acquire();
        awaitSharedRate(LOW, onA, onB, onCut);

        log.start();
        rateLimitLog.addAppender(log);
        AtomicBoolean calling = new AtomicBoolean(true);
        for (int i = 0; i < 8; i++) {
            callers.submit(() -> callWhile(calling, onCut));
        }
        Thread.sleep(500);
        UUID before = cut.getCluster().getLocalMember().getUuid();

        split(cut, a, b);
        long splitAt = System.nanoTime();
        await("calls on the cut-off member wait", 10, () -> onCut.waitingSince().isPresent());
        assertThat(onCut.quorumPresent()).as("what health reads").isFalse();

        await("the cut-off member sees all members again", 20, () -> cut.getCluster().getMembers().size() == 3);
        double rejoined = seconds(splitAt);
        await("its calls go on", 10, () -> onCut.waitingSince().isEmpty());
        System.out.printf("ClusterSplitIT: rejoined %.1f s after the split, calls going on after %.1f s%n",
                rejoined, seconds(splitAt));
        calling.set(false);
        callers.shutdown();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        List<String> lines = logged();
        assertThat(lines.stream().filter(l -> l.startsWith(WAIT))).as("wait lines in %s", lines).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains(REACHABLE))).as("reachable lines in %s", lines).hasSize(1);

        // merged, the member has a new UUID: its rate is under that one, and the tenant's rate is its rate again
        UUID after = cut.getCluster().getLocalMember().getUuid();
        assertThat(after).isNotEqualTo(before);
        awaitSharedRate(LOW, onA, onB, onCut);
        IMap<UUID, Double> rates = a.getMap(ClusterMembers.CONFIGURED_RATES_MAP);
        assertThat(rates.get(after)).isEqualTo(LOW);
        assertThat(rates.containsKey(before)).as("the old UUID's rate").isFalse();
    }

    /** ClusterRateLimit's lines so far (the appender adds under its own lock). */
    private List<String> logged() {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Takes slots until told to stop; a call that fails as transient (the record would be tried again) goes on. */
    private static void callWhile(AtomicBoolean calling, ClusterRateLimit limit) {
        while (calling.get()) {
            try {
                limit.acquire();
            } catch (AcsTransientException e) {
                // interrupted at the end, or the member stopping
            }
        }
    }

    /** Each side suspects the other until {@code isolated} sees only itself and the others only each other. */
    private static void split(HazelcastInstance isolated, HazelcastInstance... others) throws InterruptedException {
        Member cut = isolated.getCluster().getLocalMember();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!isSplit(isolated, others)) {
            assertThat(System.nanoTime()).as("the split took").isLessThan(deadline);
            for (HazelcastInstance other : others) {
                suspect(isolated, other.getCluster().getLocalMember());
                suspect(other, cut);
            }
            Thread.sleep(200);
        }
    }

    private static boolean isSplit(HazelcastInstance isolated, HazelcastInstance... others) {
        return isolated.getCluster().getMembers().size() == 1
                && java.util.Arrays.stream(others).allMatch(o -> o.getCluster().getMembers().size() == others.length);
    }

    /** {@code by} drops {@code member} (as in its own member list: a local member object is refused) if it has it. */
    private static void suspect(HazelcastInstance by, Member member) {
        by.getCluster().getMembers().stream().filter(m -> m.getUuid().equals(member.getUuid())).findAny().ifPresent(m ->
                ((HazelcastInstanceProxy) by).getOriginal().node.getClusterService().suspectMember(m, "test split", true));
    }

    private static void awaitSharedRate(double rate, ClusterRateLimit... limits) throws InterruptedException {
        await("every instance at " + rate + " requests/s", 20,
                () -> java.util.Arrays.stream(limits).allMatch(l -> l.sharedRate() == rate));
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %d s", what, seconds).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private HazelcastInstance member(int port, int[] ports) {
        HazelcastInstance member = TestMembers.member("split-test-" + ports[0], port, ports, 2);
        members.add(member);
        return member;
    }

    private static ClusterRateLimit limit(HazelcastInstance member, double rate) {
        return TestMembers.limit(member, rate);
    }

    private static int freePort() throws IOException {
        return TestMembers.freePort();
    }
}
