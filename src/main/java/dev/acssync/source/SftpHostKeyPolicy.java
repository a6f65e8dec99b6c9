package dev.acssync.source;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Turning host-key checking off must never go unnoticed: it lets anyone in the middle pose as the SFTP server. */
@Component
class SftpHostKeyPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(SftpHostKeyPolicy.class);

    private final boolean enabled;
    private final String strictHostKeyChecking;
    private final String host;

    public SftpHostKeyPolicy(SftpProperties sftp) {
        this.enabled = sftp.enabled();
        this.strictHostKeyChecking = sftp.strictHostKeyChecking();
        this.host = sftp.host();
    }

    @PostConstruct
    void warnWhenUnchecked() {
        if (enabled && !"yes".equalsIgnoreCase(strictHostKeyChecking)) {
            LOG.warn("SFTP host key checking is OFF (sync.sftp.strict-host-key-checking={}): the identity of {} is not "
                    + "verified. Add its key to sync.sftp.known-hosts-file and set the property back to 'yes'.",
                    strictHostKeyChecking, host);
        }
    }
}
