package dev.acssync.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.acssync.acs.AcsProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Real Hazelcast members over loopback, configured as the service configures its own, and their rate limits. */
final class TestMembers {
    private TestMembers() {
    }

    /** A member listening on {@code port}, knowing every port of {@code ports}, in the cluster {@code name}. */
    static HazelcastInstance member(String name, int port, int[] ports, int quorum) {
        List<String> addresses = new ArrayList<>();
        for (int p : ports) {
            addresses.add("127.0.0.1:" + p);
        }
        ClusterProperties cluster = new ClusterProperties(true, "master:intake:", name, addresses, "127.0.0.1", port, "", quorum);
        return Hazelcast.newHazelcastInstance(ClusterMembers.config(cluster));
    }

    /** The shared rate limit of an instance configured with {@code rate} requests a second, on {@code member}. */
    static ClusterRateLimit limit(HazelcastInstance member, double rate) {
        AcsProperties acs = new AcsProperties("test-org", null, null, null, 16, null, null,
                new AcsProperties.RateLimit(rate), null, null, null, null, null, null, null);
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("hazelcastInstance", member));
        return new ClusterRateLimit(beans.getBeanProvider(HazelcastInstance.class), acs);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
