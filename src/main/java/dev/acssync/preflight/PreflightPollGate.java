package dev.acssync.preflight;

import dev.acssync.source.IntakeCondition;
import java.util.List;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.stereotype.Component;

/**
 * The gate of the polling sources (the watched folder, SFTP): a poll is skipped, and so no file is taken, until the
 * preflight has passed and while an {@link IntakeCondition} blocks (a run's outputs cannot be written: a full disk).
 * A source route names it as its consumer's {@code pollStrategy}; poll errors are handled as by Camel's default
 * strategy.
 */
@Component("preflightPollGate")
public class PreflightPollGate extends DefaultPollingConsumerPollStrategy {
    private final Preflight preflight;
    private final List<IntakeCondition> conditions;

    public PreflightPollGate(Preflight preflight, List<IntakeCondition> conditions) {
        this.preflight = preflight;
        this.conditions = conditions;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return preflight.isPassed() && conditions.stream().allMatch(c -> c.blocking() == null);
    }
}
