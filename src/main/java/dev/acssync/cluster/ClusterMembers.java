package dev.acssync.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Hazelcast member embedded in each instance in cluster mode: it joins the others over TCP/IP (a fixed member
 * list, or on Kubernetes a headless Service's DNS name; no multicast), listens on one address only, and holds the shared rate limit's bucket.
 * Open-source Hazelcast has no member authentication: the cluster port must be reachable by the members only
 * (docs/scale-out.md, "Security").
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sync.cluster.enabled", havingValue = "true")
class ClusterMembers {
    static final String RATE_LIMIT_MAP = "acs-rate-limit";
    /** Each running instance's configured rate, by member: the bucket runs at the lowest. */
    static final String CONFIGURED_RATES_MAP = "acs-rates";
    static final String QUORUM = "acs-rate-limit-quorum";

    @Bean(destroyMethod = "shutdown")
    HazelcastInstance hazelcastInstance(ClusterProperties cluster) {
        return Hazelcast.newHazelcastInstance(config(cluster));
    }

    /** A member the others reach at {@code bindAddress}, in the cluster {@code name} made of {@code members}. */
    static Config config(ClusterProperties cluster) {
        requirePrivateBinding(cluster.bindAddress());
        Config config = new Config().setClusterName(cluster.name());
        // no call home, Hazelcast's log through the service's, and no hook of its own: Spring stops the member after
        // Camel has finished its in-flight records (a hook would leave them without a rate limit)
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // a member killed without a word is out of the cluster within 10 s (the default is 60 s)
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        // a healed split rejoins within seconds: the master of each side looks for the other side every 5 s (the
        // defaults, 300 s after start then every 120 s, kept a member out 76 s after the network was back), and a
        // member's join (also the merging side's rejoin) waits 1 s for others instead of 5 s
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.getJetConfig().setEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(10);
        network.getInterfaces().setEnabled(true).addInterface(cluster.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (cluster.kubernetesServiceDns() == null || cluster.kubernetesServiceDns().isBlank()) {
            join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
        } else {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns());
        }

        // the bucket is read and written only while a quorum of members see each other: the two sides of a split
        // cannot each grant the whole rate
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(QUORUM, true, cluster.rateLimitQuorum())
                .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
        config.addMapConfig(new MapConfig(RATE_LIMIT_MAP).setBackupCount(1).setSplitBrainProtectionName(QUORUM));
        config.addMapConfig(new MapConfig(CONFIGURED_RATES_MAP).setBackupCount(1));
        HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), 10_000);
        // a member deserializes what the others send: Java serialization only for Hazelcast's and Bucket4j's classes
        config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
                .setWhitelist(new ClassFilter().addPrefixes("com.hazelcast.", "io.github.bucket4j.", "java.")));
        return config;
    }

    /** Anyone reaching the member port can join: the member listens on one named address, never on all of them. */
    static void requirePrivateBinding(String bindAddress) {
        if (bindAddress == null || bindAddress.isBlank() || bindAddress.equals("0.0.0.0") || bindAddress.equals("::")
                || bindAddress.contains("*")) {
            throw new ConfigurationMistakeException("sync.cluster.bind-address must name the one address the Hazelcast "
                    + "member listens on (its members have no authentication), not '" + bindAddress + "'",
                    "Set SYNC_CLUSTER_BIND_ADDRESS to this instance's address on the network the instances share.");
        }
    }
}
