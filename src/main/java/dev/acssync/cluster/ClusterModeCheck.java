package dev.acssync.cluster;

import dev.acssync.acs.AcsProperties;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with cluster settings that contradict each other: each would quietly break a promise (several
 * pollers of one inbox, one rate per instance, no rate at all, a quorum that can never be met).
 */
@Component
class ClusterModeCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterModeCheck.class);

    private final ClusterProperties cluster;
    private final AcsProperties acs;
    private final String enabledAsWritten;

    ClusterModeCheck(ClusterProperties cluster, AcsProperties acs, Environment environment) {
        this.cluster = cluster;
        this.acs = acs;
        this.enabledAsWritten = environment.getProperty("sync.cluster.enabled", "false");
    }

    @PostConstruct
    void check() {
        // the routes read the value as text: anything but true is the single-instance branch there
        require(enabledAsWritten.equals("true") || enabledAsWritten.equals("false"),
                "sync.cluster.enabled must be true or false, not '" + enabledAsWritten + "' (the routes would take anything "
                + "but true for one instance)", "Set sync.cluster.enabled=true or false.");
        boolean leaderOnly = cluster.leaderOnly() != null && !cluster.leaderOnly().isBlank();
        if (!cluster.enabled()) {
            require(!leaderOnly, "sync.cluster.leader-only is set but sync.cluster.enabled=false: the instances would elect "
                    + "a polling leader but each keep a rate of its own", "Start every instance with the profile 'cluster', "
                    + "or remove sync.cluster.leader-only.");
            return;
        }
        require(leaderOnly && cluster.leaderOnly().startsWith("master:"), "sync.cluster.enabled=true needs "
                + "sync.cluster.leader-only=master:<namespace>: so that one instance only polls the inbox and SFTP",
                "Start with the profile 'cluster' (config/application-cluster.properties).");
        require(acs.rateLimit().requestsPerSecond() > 0, "acs.rate-limit.requests-per-second must be above 0 with several "
                + "instances (an instance without a limit would not take its slots from the shared rate)",
                "Set acs.rate-limit.requests-per-second to the rate ACS allows all instances together.");
        require(cluster.rateLimitQuorum() >= 1, "sync.cluster.rate-limit-quorum must be at least 1, not "
                + cluster.rateLimitQuorum(), "Set sync.cluster.rate-limit-quorum to a majority of the members.");
        // the members are counted when each is listed with its port (a host alone stands for several ports)
        boolean listed = (cluster.kubernetesServiceDns() == null || cluster.kubernetesServiceDns().isBlank())
                && cluster.members().stream().allMatch(member -> member.matches(".*:\\d+"));
        require(!listed || cluster.rateLimitQuorum() <= cluster.members().size(), "sync.cluster.rate-limit-quorum ("
                + cluster.rateLimitQuorum() + ") is more than the " + cluster.members().size() + " members listed in "
                + "sync.cluster.members: no ACS call could ever go out", "Set sync.cluster.rate-limit-quorum to a majority "
                + "of them (" + (cluster.members().size() / 2 + 1) + "), or list every member.");
        if (listed && cluster.rateLimitQuorum() * 2 <= cluster.members().size()) {
            LOG.warn("sync.cluster.rate-limit-quorum={} is not a majority of the {} members listed: both sides of a split "
                    + "could call ACS at the full rate", cluster.rateLimitQuorum(), cluster.members().size());
        } else if (cluster.rateLimitQuorum() < 2) {
            LOG.warn("sync.cluster.rate-limit-quorum={}: the two sides of a split cluster would each call ACS at the full "
                    + "rate (up to twice the limit while the split lasts)", cluster.rateLimitQuorum());
        }
    }

    private static void require(boolean ok, String why, String whatToSet) {
        if (!ok) {
            throw new ConfigurationMistakeException(why, whatToSet);
        }
    }
}
