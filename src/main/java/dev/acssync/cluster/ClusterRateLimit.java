package dev.acssync.cluster;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.acssync.acs.AcsProperties;
import dev.acssync.acs.AcsTransientException;
import dev.acssync.acs.AcsRate;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@code cluster-rate-limit} step of routes/acs/acs-call.camel.yaml in cluster mode: every instance takes a slot
 * from one Bucket4j bucket kept by the Hazelcast members, so that ACS gets at most {@code acs.rate-limit.requests-per-second}
 * (R) requests a second from all instances together, retries included. The bucket holds one token and gains one
 * every 1.05/R s: slots are granted at least 1.05/R s apart (a bucket of R tokens refilled at R/s would let 2R through
 * in a second). The time is the bucket owner's clock, one clock for all.
 * <p>
 * While the members cannot reach the bucket (fewer than the quorum see each other, or the member holding it just
 * died and its backup is taking over) the call waits and tries again each second: no ACS call goes out unmetered,
 * and health component {@code sync/clusterRateLimit} says that calls wait. Interrupted (the service or the leader's
 * intake stopping) the call fails as transient: the record is not final, it is tried again or resumed.
 */
@Component
public class ClusterRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRateLimit.class);
    private static final long RETRY_MILLIS = 1000;

    private final ObjectProvider<HazelcastInstance> hazelcast;
    private final String key;
    private final double requestsPerSecond;
    private volatile BucketProxy bucket;
    private volatile Instant waitingSince;

    public ClusterRateLimit(ObjectProvider<HazelcastInstance> hazelcast, AcsProperties acs) {
        this.hazelcast = hazelcast;
        // the limit belongs to the tenant
        this.key = "acs:" + acs.organization();
        this.requestsPerSecond = acs.rateLimit().requestsPerSecond();
    }

    /** Returns when this instance may send one ACS request. */
    public void acquire() {
        while (true) {
            try {
                bucket().asBlocking().consume(1);
                if (waitingSince != null) {
                    waitingSince = null;
                    LOG.info("The shared ACS rate limit is reachable again: calls go on");
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcsTransientException("interrupted while waiting for a slot of the shared rate limit", null, null);
            } catch (HazelcastInstanceNotActiveException e) {
                throw new AcsTransientException("the shared rate limit is stopping", null, null);
            } catch (HazelcastSerializationException | InvalidConfigurationException e) {
                // a fault of this build or its settings (members of other versions): waiting would not mend it
                throw e;
            } catch (HazelcastException e) {
                // no quorum, the bucket's member gone or merging after a split, a timeout: the cluster heals
                waitForTheBucket(e);
            }
        }
    }

    /** Since when ACS calls have been waiting for an unreachable bucket; empty when they are not. */
    public Optional<Instant> waitingSince() {
        return Optional.ofNullable(waitingSince);
    }

    /** How many Hazelcast members see each other (cluster mode only). */
    public int members() {
        return hazelcast.getObject().getCluster().getMembers().size();
    }

    /** Whether enough members see each other for the bucket to be read and written (sync.cluster.rate-limit-quorum). */
    public boolean quorumPresent() {
        return hazelcast.getObject().getSplitBrainProtectionService().getSplitBrainProtection(ClusterMembers.QUORUM)
                .hasMinimumSize();
    }

    private void waitForTheBucket(RuntimeException why) {
        if (waitingSince == null) {
            waitingSince = Instant.now();
            LOG.warn("ACS calls wait: the shared rate limit cannot be reached ({}); trying again every second", why.getMessage());
        }
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsTransientException("interrupted while waiting for the shared rate limit", null, null);
        }
    }

    /** One token, refilled every 1.05 s / R: slots at least that far apart, as in one instance. */
    static BucketConfiguration configuration(double requestsPerSecond) {
        Duration slot = new AcsRate(requestsPerSecond).slotInterval();
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, slot))
                .build();
    }

    private BucketProxy bucket() {
        BucketProxy current = bucket;
        return current != null ? current : createBucket();
    }

    private synchronized BucketProxy createBucket() {
        BucketProxy current = bucket;
        if (current == null) {
            HazelcastInstance members = hazelcast.getIfAvailable();
            if (members == null) {
                throw new IllegalStateException("the shared rate limit needs cluster mode (sync.cluster.enabled=true)");
            }
            BucketConfiguration configuration = configuration(requestsPerSecond);
            ProxyManager<String> buckets = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(
                    members.getMap(ClusterMembers.RATE_LIMIT_MAP)).build();
            current = buckets.builder().build(key, () -> configuration);
            // another rate set by an instance started earlier: the instance started last sets it, keeping the slots
            // already promised (a reset would hand out a second series of slots beside them)
            Optional<BucketConfiguration> stored = buckets.getProxyConfiguration(key);
            if (stored.isPresent() && !stored.get().equals(configuration)) {
                LOG.warn("The shared ACS rate limit had other settings ({}); this instance sets {} requests/s: give every "
                        + "instance the same acs.rate-limit.requests-per-second", stored.get(), requestsPerSecond);
                current.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
            }
            bucket = current;
        }
        return current;
    }
}
