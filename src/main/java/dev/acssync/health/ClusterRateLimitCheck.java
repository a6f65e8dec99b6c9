package dev.acssync.health;

import dev.acssync.cluster.ClusterProperties;
import dev.acssync.cluster.ClusterRateLimit;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** {@code clusterRateLimit}, cluster mode only: DOWN while ACS calls wait for the shared rate limit, saying why. */
@Component
@ConditionalOnProperty(name = "sync.cluster.enabled", havingValue = "true")
class ClusterRateLimitCheck extends SyncHealthCheck {
    private final ClusterRateLimit rateLimit;
    private final ClusterProperties cluster;

    public ClusterRateLimitCheck(ClusterRateLimit rateLimit, ClusterProperties cluster) {
        super("clusterRateLimit");
        this.rateLimit = rateLimit;
        this.cluster = cluster;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int members = rateLimit.members();
        int quorum = cluster.rateLimitQuorum();
        Optional<Instant> waitingSince = rateLimit.waitingSince();
        if (!rateLimit.quorumPresent()) {
            down(builder, "ACS calls wait: " + members + " member(s) see each other, " + quorum
                    + " needed (sync.cluster.rate-limit-quorum)");
        } else if (waitingSince.isPresent()) {
            down(builder, "ACS calls wait for the shared rate limit since " + waitingSince.get() + " (see the log)");
        } else {
            builder.up();
        }
        builder.detail("members", members).detail("quorum", quorum);
        if (rateLimit.sharedRate() > 0) {
            // the lowest rate any running instance is configured with: what the tenant sees
            builder.detail("requestsPerSecond", rateLimit.sharedRate());
            if (rateLimit.sharedRate() < rateLimit.configuredRate()) {
                builder.detail("configuredHere", rateLimit.configuredRate() + " requests/s: another instance is configured lower");
            }
        }
    }
}
