package dev.acssync.cluster;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The {@code cluster-rate-limit} step of routes/acs/acs-call.camel.yaml in cluster mode: every instance takes a slot
 * from one Bucket4j bucket kept by the Hazelcast members, so that ACS gets at most {@code acs.rate-limit.requests-per-second}
 * (R) requests a second from all instances together, retries included. The bucket holds one token and gains one
 * every 1.05/R s: slots are granted at least 1.05/R s apart (a bucket of R tokens refilled at R/s would let 2R through
 * in a second). The time is the bucket owner's clock, one clock for all.
 * <p>
 * The rate is the <b>lowest</b> any running instance is configured with: each instance puts its own
 * {@code acs.rate-limit.requests-per-second} in a map of the members' rates (map {@code acs-rates}, by member), and
 * whenever that map or the members change, every instance sets the bucket to the lowest rate among the members still
 * there. An instance configured higher runs at the cluster's rate and says so; a lower one takes effect at once (the
 * bucket keeps its one token: no burst); when instances leave, the rate is the lowest among those still running.
 * <p>
 * While the members cannot reach the bucket (fewer than the quorum see each other, or the member holding it just
 * died and its backup is taking over) the call waits and tries again each second: no ACS call goes out unmetered,
 * and health component {@code sync/clusterRateLimit} says that calls wait. Interrupted (the service or the leader's
 * intake stopping) the call fails as transient: the record is not final, it is tried again or resumed. Each change
 * logs one line: "ACS calls wait" at the first failure, "reachable again" at the first success once the quorum is
 * back and no call has failed for most of a second.
 */
@Component
public class ClusterRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRateLimit.class);
    private static final long RETRY_MILLIS = 1000;
    /** Calls are back once none failed for this long: less than the retry, so the last caller to fail settles it. */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS - 100);

    private final ObjectProvider<HazelcastInstance> hazelcast;
    private final String key;
    private final double requestsPerSecond;
    private volatile BucketProxy bucket;
    /** Guards the waiting/reachable transitions, so that each logs once whatever the number of callers. */
    private final Object waitingLock = new Object();
    private volatile Instant waitingSince;
    /** When a call last found the bucket unreachable (System.nanoTime()). */
    private volatile long lastFailure;
    /** The rate the bucket was last set to by this instance (the lowest configured among the members then). */
    private volatile double sharedRate;
    private volatile boolean joined;
    /** The member UUID this instance's rate is under in acs-rates: a merge after a split gives the member a new one. */
    private volatile UUID rateKey;

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
                join();
                bucket().asBlocking().consume(1);
                if (waitingSince != null) {
                    reached();
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
        unreachable(why);
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsTransientException("interrupted while waiting for the shared rate limit", null, null);
        }
    }

    private void unreachable(RuntimeException why) {
        synchronized (waitingLock) {
            lastFailure = System.nanoTime();
            if (waitingSince == null) {
                waitingSince = Instant.now();
                LOG.warn("ACS calls wait: the shared rate limit cannot be reached ({}); trying again every second",
                        why.getMessage());
            }
        }
    }

    /**
     * Calls go on only once the bucket is back for good. A success alone does not say so: a caller that reserved its
     * slot before the quorum was lost still gets it afterwards (Bucket4j reserves, then waits in the caller), and while
     * a member's partitions move some calls pass and others fail. While the bucket is away, waiting callers fail
     * again every second.
     */
    private void reached() {
        synchronized (waitingLock) {
            if (waitingSince != null && System.nanoTime() - lastFailure >= SETTLE_NANOS && quorumPresent()) {
                LOG.info("The shared ACS rate limit is reachable again: calls go on (they waited since {})", waitingSince);
                waitingSince = null;
            }
        }
    }

    /** In cluster mode, an instance's rate counts from its start, whether it calls ACS or not. */
    @EventListener(ApplicationReadyEvent.class)
    public void joinAtStart() {
        if (hazelcast.getIfAvailable() == null) {
            return; // one instance alone: its own rate limit, in memory
        }
        try {
            join();
        } catch (HazelcastException e) {
            LOG.warn("This instance's rate is not among the members' yet ({}): it is at the first ACS call", e.getMessage());
        }
    }

    /** This instance's acs.rate-limit.requests-per-second. */
    public double configuredRate() {
        return requestsPerSecond;
    }

    /** The rate all instances share now: the lowest configured among the running ones (0 before this one joined). */
    public double sharedRate() {
        return sharedRate;
    }

    /**
     * Puts this instance's configured rate among the members' rates, and listens: a member's rate added or gone, a
     * member gone, this member merged after a split. Once: at start ({@link #joinAtStart()}), or at the first call.
     */
    void join() {
        if (joined) {
            return;
        }
        synchronized (this) {
            if (joined) {
                return;
            }
            HazelcastInstance members = hazelcast.getIfAvailable();
            if (members == null) {
                throw new IllegalStateException("the shared rate limit needs cluster mode (sync.cluster.enabled=true)");
            }
            IMap<UUID, Double> rates = members.getMap(ClusterMembers.CONFIGURED_RATES_MAP);
            rates.addEntryListener((EntryAddedListener<UUID, Double>) e -> lowestRateChanged(members),  false);
            rates.addEntryListener((EntryUpdatedListener<UUID, Double>) e -> lowestRateChanged(members), false);
            rates.addEntryListener((EntryRemovedListener<UUID, Double>) e -> lowestRateChanged(members), false);
            members.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    lowestRateChanged(members);
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    // its rate goes with it (any member may remove it: the same key, removed once)
                    rates.removeAsync(event.getMember().getUuid());
                    lowestRateChanged(members);
                }
            });
            members.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    merged(members);
                }
            });
            putOwnRate(members);
            joined = true;
            lowestRateChanged(members);
        }
    }

    /**
     * A member that merged into the other side of a healed split has a new UUID: the others dropped its old one with
     * its rate, and count a rate only under a present member's UUID. Its rate goes in again under the new one.
     */
    private void merged(HazelcastInstance members) {
        try {
            putOwnRate(members);
            lowestRateChanged(members);
        } catch (HazelcastInstanceNotActiveException stopping) {
            // this member is leaving: nothing to put
        } catch (HazelcastException e) {
            LOG.warn("After a split, this instance's rate is not among the members' again ({}): the instances may share "
                    + "a higher rate than it is configured with until it restarts", e.getMessage());
        }
    }

    /** Puts this instance's rate under its member's UUID now; the one under an older UUID goes. */
    private synchronized void putOwnRate(HazelcastInstance members) {
        IMap<UUID, Double> rates = members.getMap(ClusterMembers.CONFIGURED_RATES_MAP);
        UUID current = members.getCluster().getLocalMember().getUuid();
        rates.put(current, requestsPerSecond);
        UUID before = rateKey;
        rateKey = current;
        if (before != null && !before.equals(current)) {
            // the merge brought it back from this side's copy of the map
            rates.remove(before);
        }
    }

    /** The lowest rate configured among the members that are there now; this instance's own when it sees no other. */
    static double lowest(java.util.Map<UUID, Double> rates, java.util.Set<UUID> present, double own) {
        return rates.entrySet().stream().filter(e -> present.contains(e.getKey()) && e.getValue() != null && e.getValue() > 0)
                .mapToDouble(java.util.Map.Entry::getValue).min().orElse(own);
    }

    /** Sets the bucket to the lowest configured rate of the members now there, when it is another. */
    private synchronized void lowestRateChanged(HazelcastInstance members) {
        try {
            java.util.Set<UUID> present = new java.util.HashSet<>();
            members.getCluster().getMembers().forEach(m -> present.add(m.getUuid()));
            IMap<UUID, Double> rates = members.getMap(ClusterMembers.CONFIGURED_RATES_MAP);
            double lowest = Math.min(requestsPerSecond, lowest(rates, present, requestsPerSecond));
            if (lowest == sharedRate) {
                return;
            }
            // the one token the bucket holds stays: a lower rate takes effect at once, without a burst
            bucket().replaceConfiguration(configuration(lowest), TokensInheritanceStrategy.AS_IS);
            sharedRate = lowest;
            if (lowest < requestsPerSecond) {
                LOG.warn("The instances share {} requests/s for the tenant, the lowest any running instance is configured "
                        + "with; this one is configured with {}: give every instance the same acs.rate-limit.requests-per-second",
                        lowest, requestsPerSecond);
            } else {
                LOG.info("The instances share {} requests/s for the tenant (the lowest configured among {} running)",
                        lowest, present.size());
            }
        } catch (HazelcastInstanceNotActiveException stopping) {
            // this member is leaving: nothing to set
        } catch (HazelcastException unreachable) {
            // no quorum now: the next change (a member back) sets it; calls wait for the bucket meanwhile
            LOG.debug("The shared rate could not be set now: {}", unreachable.getMessage());
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
            ProxyManager<String> buckets = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(
                    members.getMap(ClusterMembers.RATE_LIMIT_MAP)).build();
            // the bucket is made when a call finds none (the first, or one after the bucket was lost with a member and
            // its backup): at the rate shared now, or this instance's own before it knows it (lowestRateChanged then
            // sets the members' lowest on it). At its own rate always, a lost bucket came back above the shared one.
            current = buckets.builder().build(key, () -> configuration(sharedRate > 0 ? sharedRate : requestsPerSecond));
            bucket = current;
        }
        return current;
    }
}
