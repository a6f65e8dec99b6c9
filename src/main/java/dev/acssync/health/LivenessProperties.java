package dev.acssync.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a live process counts as stuck ({@code sync.liveness.*}).
 *
 * @param stallTimeout liveness is DOWN once a file's run has done nothing (no record read, no ACS call made, no
 *                     outcome) or, between runs, a poll of the inbox or SFTP has not ended, for this long while nothing
 *                     waits on purpose; keep it well above a record's longest wait between two calls (a capped
 *                     Retry-After plus a call's time-outs) and an SFTP download's time
 */
@ConfigurationProperties("sync.liveness")
public record LivenessProperties(Duration stallTimeout) {

    public LivenessProperties {
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("sync.liveness.stall-timeout must be a positive duration (PT10M: ten minutes), not "
                    + stallTimeout);
        }
    }
}
