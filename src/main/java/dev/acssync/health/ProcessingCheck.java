package dev.acssync.health;

import java.util.Map;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code processing}: whether the process can still do its work, the liveness check: the Camel context runs, and so
 * does the embedded broker when there is one. Once either has stopped while the process lives on (nothing else
 * restarts them), liveness is DOWN so that the platform restarts the service. A route an operator stopped does not
 * count: that is a choice, not a fault.
 */
@Component
class ProcessingCheck extends SyncHealthCheck {
    private final CamelContext camel;
    private final ObjectProvider<EmbeddedActiveMQ> broker;

    public ProcessingCheck(CamelContext camel, ObjectProvider<EmbeddedActiveMQ> broker) {
        super("processing");
        this.camel = camel;
        this.broker = broker;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ServiceStatus status = camel.getStatus();
        if (!status.isStarted() && !status.isStarting()) {
            down(builder, "the Camel context is " + status.name().toLowerCase());
            return;
        }
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded != null && (embedded.getActiveMQServer() == null || !embedded.getActiveMQServer().isStarted())) {
            down(builder, "the embedded JMS broker has stopped");
            return;
        }
        builder.up();
    }
}
