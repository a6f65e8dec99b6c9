package dev.acssync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes Lease cluster service ({@code mvn -Pcluster-kubernetes package}) against fabric8's stand-in for the
 * Kubernetes API in CRUD mode (it stores what it is sent: pods, the Lease). Two instances in this JVM, each with a
 * client of its own, as pods {@code pod-a} and {@code pod-b} labelled {@code app=acs-orgunit-sync}. Camel counts
 * as members only the labelled pods that are Running and Ready, and a Lease holder that is no member has lost the
 * lead; the Lease's renew time is never read by the others. So here, as in a cluster, what ends a leader's lead is its
 * pod: gone, or not Ready. An IT: it waits out leases.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesLeaseLeaderElectionIT {
    private static final String NAMESPACE = "test";
    private static final Map<String, String> LABELS = Map.of("app", "acs-orgunit-sync");
    /** Short, so the test is quick; Camel 4.17's defaults are 15 s, 10 s and 2 s. */
    private static final long LEASE_DURATION_MILLIS = 2000;
    private static final long RENEW_DEADLINE_MILLIS = 1500;
    private static final long RETRY_PERIOD_MILLIS = 300;
    /** Camel's default: each retry waits retry period × a random factor in [1, 1.2). */
    private static final double JITTER = 1.2;
    /** Camel's master: consumer starts the route's consumer this long after its node is told it leads (measured). */
    private static final long MASTER_START_MILLIS = 1000;
    /** The longest takeover the docs state: the follower's next look, its lease-duration wait, the consumer's start. */
    private static final long TAKEOVER_BOUND_MILLIS = (long) (JITTER * RETRY_PERIOD_MILLIS) + LEASE_DURATION_MILLIS + MASTER_START_MILLIS;
    /** fabric8's stand-in logs every request (java.util.logging); held here, as JUL keeps its loggers weakly */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    // set by the extension before each test: a fresh API server, no pod or Lease left from another test
    KubernetesMockServer server;
    KubernetesClient client;

    private final List<CamelContext> contexts = new ArrayList<>();
    private final Map<String, List<Long>> ticks = new ConcurrentHashMap<>();

    @BeforeEach
    void pods() {
        pod("pod-a", true);
        pod("pod-b", true);
    }

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
    }

    @Test
    void whenTheLeaderDiesAndItsPodGoesTheOtherLeadsAfterTheLeaseDuration() throws Exception {
        CamelContext a = start("pod-a");
        await("pod-a leads").atMost(Duration.ofSeconds(10)).until(() -> !ticks("pod-a").isEmpty());
        start("pod-b");
        assertFollowsWhileTheLeaderLives("pod-b");
        assertThat(leaseHolder()).isEqualTo("pod-a");

        // the process dies (the context stops without handing the Lease over) and its pod leaves the endpoints
        long killedAt = System.nanoTime();
        a.stop();
        client.pods().inNamespace(NAMESPACE).withName("pod-a").delete();

        long takeover = awaitFirstTick("pod-b", killedAt);
        System.out.printf("Kubernetes Lease takeover after the leader died and its pod went: %d ms (lease duration %d ms)%n",
                takeover, LEASE_DURATION_MILLIS);
        assertTakeoverWithinBound(takeover);
        assertThat(leaseHolder()).isEqualTo("pod-b");
    }

    @Test
    void aLeaderWhosePodTurnsNotReadyStopsAndTheOtherLeadsNeverBoth() throws Exception {
        start("pod-a");
        await("pod-a leads").atMost(Duration.ofSeconds(10)).until(() -> !ticks("pod-a").isEmpty());
        start("pod-b");
        assertFollowsWhileTheLeaderLives("pod-b");

        // a failed readiness probe: the leader still runs, but is no longer a member
        long notReadyAt = System.nanoTime();
        pod("pod-a", false);

        long takeover = awaitFirstTick("pod-b", notReadyAt);
        System.out.printf("Kubernetes Lease takeover after the leader's pod turned NotReady: %d ms (lease duration %d ms)%n",
                takeover, LEASE_DURATION_MILLIS);
        assertTakeoverWithinBound(takeover);
        List<Long> aTicks = ticks("pod-a");
        // the old leader stopped polling when the new one began, at the latest: one poll (100 ms) of the old one may
        // still end just after the new one's first (seen once: 3.6 ms after; Camel stops the consumer, it does not
        // cut a poll short). The service's run locks keep a file from being run twice in such a moment.
        assertThat(aTicks.get(aTicks.size() - 1)).isLessThan(ticks("pod-b").get(0) + TimeUnit.MILLISECONDS.toNanos(100));
        await("pod-a stays stopped").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> ticks("pod-a").size() == aTicks.size());
        assertThat(leaseHolder()).isEqualTo("pod-b");
    }

    @Test
    void aLeaderThatStopsWhileItsPodStaysReadyKeepsTheLead() throws Exception {
        // what the docs warn about: a process that no longer works but whose pod still passes its readiness probe
        CamelContext a = start("pod-a");
        await("pod-a leads").atMost(Duration.ofSeconds(10)).until(() -> !ticks("pod-a").isEmpty());
        start("pod-b");
        a.stop();
        // longer than the other tests' takeovers took at most: nobody
        await("nobody takes over").during(Duration.ofMillis(TAKEOVER_BOUND_MILLIS + 1500)).atMost(Duration.ofSeconds(10))
                .until(() -> ticks("pod-b").isEmpty());
        assertThat(leaseHolder()).isEqualTo("pod-a");
    }

    /** An instance as the service runs with {@code -Pcluster-kubernetes}: a leader-only route on namespace intake. */
    private CamelContext start(String podName) throws Exception {
        KubernetesConfiguration configuration = new KubernetesConfiguration();
        // a client of its own: stopping a cluster view closes its client
        configuration.setKubernetesClient(server.createClient());
        KubernetesClusterService service = new KubernetesClusterService(configuration);
        service.setKubernetesNamespace(NAMESPACE);
        service.setKubernetesResourcesNamespace(NAMESPACE);
        service.setPodName(podName);
        service.setClusterLabels(LABELS);
        // Camel requires lease duration > renew deadline > jitter × retry period
        service.setLeaseDurationMillis(LEASE_DURATION_MILLIS);
        service.setRenewDeadlineMillis(RENEW_DEADLINE_MILLIS);
        service.setRetryPeriodMillis(RETRY_PERIOD_MILLIS);
        service.setJitterFactor(JITTER);

        CamelContext context = new DefaultCamelContext();
        context.addService(service);
        List<Long> own = ticks(podName);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:intake:timer:intake?period=100&delay=0").routeId("intake-" + podName)
                        .process(exchange -> own.add(System.nanoTime()));
            }
        });
        context.start();
        contexts.add(context);
        return context;
    }

    private void assertFollowsWhileTheLeaderLives(String follower) {
        // one lease duration, several retry periods: the follower has looked, and left the Lease alone, several times
        await(follower + " follows").during(Duration.ofMillis(LEASE_DURATION_MILLIS))
                .atMost(Duration.ofSeconds(5)).until(() -> ticks(follower).isEmpty());
    }

    private static void assertTakeoverWithinBound(long takeoverMillis) {
        // the new leader waits one lease duration before it acts (Camel's BECOMING_LEADER): the old one's time to stop;
        // 1.5 s of margin for a loaded machine
        assertThat(takeoverMillis).isBetween(LEASE_DURATION_MILLIS, TAKEOVER_BOUND_MILLIS + 1500);
    }

    private long awaitFirstTick(String podName, long sinceNanos) {
        await(podName + " takes over").atMost(Duration.ofMillis(TAKEOVER_BOUND_MILLIS + 5000)).until(() -> !ticks(podName).isEmpty());
        return TimeUnit.NANOSECONDS.toMillis(ticks(podName).get(0) - sinceNanos);
    }

    private List<Long> ticks(String podName) {
        return ticks.computeIfAbsent(podName, name -> new CopyOnWriteArrayList<>());
    }

    private String leaseHolder() {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName("leaders-intake").get();
        return lease.getSpec().getHolderIdentity();
    }

    /** A labelled pod, Running, Ready or not (what the kubelet reports after its readiness probe). */
    private void pod(String name, boolean ready) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
        if (client.pods().inNamespace(NAMESPACE).withName(name).get() == null) {
            client.pods().inNamespace(NAMESPACE).resource(pod).create();
        }
        // the status as the kubelet writes it: through the status subresource
        client.pods().inNamespace(NAMESPACE).withName(name).editStatus(current -> new PodBuilder(current).withStatus(pod.getStatus()).build());
    }
}
