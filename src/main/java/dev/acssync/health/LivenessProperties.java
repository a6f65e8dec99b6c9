package dev.acssync.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a live process counts as stuck ({@code sync.liveness.*}).
 *
 * @param stallTimeout liveness is DOWN once a poll of the inbox (or SFTP) or a file's run has made no progress for this
 *                     long while nothing waits on purpose; keep it well above the longest wait a record may have (an
 *                     ACS call's time-outs, a capped Retry-After)
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
