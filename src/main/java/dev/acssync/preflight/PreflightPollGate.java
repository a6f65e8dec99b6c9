package dev.acssync.preflight;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.stereotype.Component;

/**
 * The gate of the polling sources (the watched folder, SFTP): a poll is skipped, and so no file is taken, until the
 * preflight has passed. A source route names it as its consumer's {@code pollStrategy}; poll errors are handled as
 * by Camel's default strategy.
 */
@Component("preflightPollGate")
public class PreflightPollGate extends DefaultPollingConsumerPollStrategy {
    private final Preflight preflight;

    public PreflightPollGate(Preflight preflight) {
        this.preflight = preflight;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return preflight.isPassed();
    }
}
