package dev.acssync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ZooKeeper cluster service ({@code mvn -Pcluster-zookeeper package}) elects one leader for the inbox and hands
 * the lead over when that leader dies. A real ZooKeeper server in this JVM (Curator's {@link TestingServer}); the
 * first instance in a JVM of its own, killed with SIGKILL (so it says no goodbye and its session lives on until the
 * server expires it), the second in this JVM. An IT, not a unit test: it starts a JVM and waits out a session.
 */
class ZooKeeperLeaderElectionIT {
    /** Short, so the test is quick; the service's default is 60 s (capped by the server's maxSessionTimeout). */
    private static final long SESSION_TIMEOUT_MILLIS = 3000;

    private TestingServer server;
    private Process first;
    private CamelContext second;

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.stop();
        }
        if (first != null) {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whenTheLeaderIsKilledTheOtherLeadsWithinTheSessionTimeoutAndNeverBoth() throws Exception {
        ZooKeeperNode.quietLogs();
        // ZooKeeper 3.9 would start its admin server on Jetty at port 8080 (Spring Boot's Jetty 12 is on the class path)
        System.setProperty("zookeeper.admin.enableServer", "false");
        // tickTime 500 ms: the server grants sessions of 1-10 s (2-20 ticks); its default of 3 s allows no less than 6 s
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1), true);

        AtomicLong firstLastTick = new AtomicLong();
        first = startInOwnJvm("instance-1", firstLastTick);
        await("the first instance leads").atMost(Duration.ofSeconds(60)).until(() -> firstLastTick.get() != 0);

        List<Long> secondTicks = new CopyOnWriteArrayList<>();
        second = ZooKeeperNode.create(server.getConnectString(), "instance-2", SESSION_TIMEOUT_MILLIS,
                id -> secondTicks.add(System.nanoTime()));
        second.start();
        CamelClusterView view = second.hasService(ZooKeeperClusterService.class).getView("intake");
        await("both instances in the election").atMost(Duration.ofSeconds(10)).until(() -> view.getMembers().size() == 2);
        assertThat(view.getLeader()).map(CamelClusterMember::getId).contains("instance-1");
        // while the first lives, the second stays a follower (its route never runs) and the first keeps polling
        await("the second follows").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> !view.getLocalMember().isLeader() && secondTicks.isEmpty());
        assertThat(System.nanoTime() - firstLastTick.get()).isLessThan(TimeUnit.SECONDS.toNanos(1));

        long killedAt = System.nanoTime();
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await("the second takes over").atMost(Duration.ofMillis(SESSION_TIMEOUT_MILLIS + 5000)).until(() -> !secondTicks.isEmpty());
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(secondTicks.get(0) - killedAt);
        System.out.printf("ZooKeeper takeover after SIGKILL of the leader: %d ms (session timeout %d ms)%n",
                takeoverMillis, SESSION_TIMEOUT_MILLIS);

        assertThat(view.getLocalMember().isLeader()).isTrue();
        // the dead leader's session had to expire: a lead handed over sooner would mean it was not the crash path
        assertThat(takeoverMillis).isGreaterThanOrEqualTo(SESSION_TIMEOUT_MILLIS / 3);
        // never two leaders: the second's first poll came after the first's last one was read from its output
        assertThat(secondTicks.get(0)).isGreaterThan(firstLastTick.get());
    }

    /** {@link ZooKeeperNode#main} in a JVM of its own; each {@code LEADING} line it prints sets {@code lastTick}. */
    private Process startInOwnJvm(String id, AtomicLong lastTick) throws IOException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ZooKeeperNode.class.getName(),
                server.getConnectString(), id, Long.toString(SESSION_TIMEOUT_MILLIS))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith(ZooKeeperNode.LEADING)) {
                        lastTick.set(System.nanoTime());
                    } else {
                        System.out.println("[" + id + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, id + "-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }
}
