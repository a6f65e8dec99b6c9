package dev.acssync.preflight;

import dev.acssync.source.IntakeCondition;
import dev.acssync.source.IntakePolls;
import java.util.List;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.stereotype.Component;

/**
 * The gate of the polling sources (the watched folder, SFTP): a poll is skipped, and so no file is taken, until the
 * preflight has passed and while an {@link IntakeCondition} blocks (a run's outputs cannot be written: a full disk).
 * A source route names it as its consumer's {@code pollStrategy}; poll errors are handled as by Camel's default
 * strategy. The polls it lets through are noted ({@link IntakePolls}): one that never ends makes liveness DOWN.
 */
@Component("preflightPollGate")
public class PreflightPollGate extends DefaultPollingConsumerPollStrategy {
    private final Preflight preflight;
    private final List<IntakeCondition> conditions;
    private final IntakePolls polls;

    public PreflightPollGate(Preflight preflight, List<IntakeCondition> conditions, IntakePolls polls) {
        this.preflight = preflight;
        this.conditions = conditions;
        this.polls = polls;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        boolean open = preflight.isPassed() && conditions.stream().allMatch(c -> c.blocking() == null);
        if (open) {
            polls.began(consumer);
        }
        return open;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        polls.ended(consumer);
        super.commit(consumer, endpoint, polledMessages);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception e) throws Exception {
        polls.ended(consumer);
        return super.rollback(consumer, endpoint, retryCounter, e);
    }
}
