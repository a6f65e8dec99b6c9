package dev.acssync.health;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Liveness turns DOWN when the process can no longer work: Camel stopped, or the embedded broker stopped. */
class ProcessingCheckTest {

    @SuppressWarnings("unchecked")
    private static ObjectProvider<EmbeddedActiveMQ> broker(Boolean started) {
        ObjectProvider<EmbeddedActiveMQ> provider = mock(ObjectProvider.class);
        if (started == null) {
            return provider; // no embedded broker
        }
        EmbeddedActiveMQ embedded = mock(EmbeddedActiveMQ.class);
        ActiveMQServer server = mock(ActiveMQServer.class);
        when(server.isStarted()).thenReturn(started);
        when(embedded.getActiveMQServer()).thenReturn(server);
        when(provider.getIfAvailable()).thenReturn(embedded);
        return provider;
    }

    @Test
    void aStoppedCamelContextIsNotAlive() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            assertThat(new ProcessingCheck(camel, broker(true)).call().getState()).isEqualTo(HealthCheck.State.UP);
            camel.stop();
            HealthCheck.Result result = new ProcessingCheck(camel, broker(true)).call();
            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getDetails().get("reason").toString()).contains("stopped");
        }
    }

    @Test
    void aStoppedBrokerIsNotAliveAndNoBrokerIsFine() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            HealthCheck.Result result = new ProcessingCheck(camel, broker(false)).call();
            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("broker"));
            assertThat(new ProcessingCheck(camel, broker(null)).call().getState()).isEqualTo(HealthCheck.State.UP);
        }
    }
}
