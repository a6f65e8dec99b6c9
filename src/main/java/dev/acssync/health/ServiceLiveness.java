package dev.acssync.health;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the process can still do its work, for the liveness probe ({@code processing} in the liveness group): the
 * Camel context runs, and so does the embedded broker when there is one. Once either has stopped while the process
 * lives on (nothing else restarts them), liveness is DOWN so that the platform restarts the service. A route an
 * operator stopped does not count: that is a choice, not a fault.
 */
@Component("processing")
public class ServiceLiveness implements HealthIndicator {
    private final CamelContext camel;
    private final ObjectProvider<EmbeddedActiveMQ> broker;

    public ServiceLiveness(CamelContext camel, ObjectProvider<EmbeddedActiveMQ> broker) {
        this.camel = camel;
        this.broker = broker;
    }

    @Override
    public Health health() {
        ServiceStatus status = camel.getStatus();
        if (!status.isStarted() && !status.isStarting()) {
            return Health.down().withDetail("reason", "the Camel context is " + status.name().toLowerCase()).build();
        }
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded != null && (embedded.getActiveMQServer() == null || !embedded.getActiveMQServer().isStarted())) {
            return Health.down().withDetail("reason", "the embedded JMS broker has stopped").build();
        }
        return Health.up().build();
    }
}
