package dev.acssync.source;

import dev.acssync.source.JmsProperties.BrokerLogins;
import dev.acssync.source.JmsProperties.Login;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up rules for the broker's logins: no demo password beyond loopback or without the sandbox. */
class BrokerExposureTest {

    private static JmsProperties jms(String url, String producer, String admin) {
        return new JmsProperties(true, "q", "q.DLQ", "q.outcomes", 1, url,
                new BrokerLogins(new Login("producer", producer), new Login("subscriber", ""), new Login("admin", admin)), 5);
    }

    @Test
    void theDemoPasswordsAreForTheSandboxOnLoopback() {
        assertThatCode(() -> EmbeddedBroker.checkExposure(jms("tcp://127.0.0.1:61616", "sandbox", "sandbox"), true))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> EmbeddedBroker.checkExposure(jms("tcp://0.0.0.0:61616", "sandbox", ""), true))
                .hasMessageContaining("beyond loopback").hasMessageContaining("SYNC_JMS_PRODUCER_PASSWORD");
        assertThatThrownBy(() -> EmbeddedBroker.checkExposure(jms("tcp://127.0.0.1:61616", "real-one", "sandbox"), false))
                .hasMessageContaining("'admin'").hasMessageContaining("sandbox is off");
    }

    @Test
    void beyondLoopbackTheBrokerNeedsAProducerPassword() {
        assertThatThrownBy(() -> EmbeddedBroker.checkExposure(jms("tcp://10.0.0.5:61616", "", "a-real-one"), false))
                .hasMessageContaining("without a producer password");
        assertThatCode(() -> EmbeddedBroker.checkExposure(jms("tcp://10.0.0.5:61616", "a-real-one", ""), false))
                .doesNotThrowAnyException();
    }

    @Test
    void anExternalBrokerBeyondLoopbackNeedsCredentials() {
        assertThatThrownBy(() -> new ExternalBrokerCheck("tcp://broker.example:61616", "", "").check())
                .hasMessageContaining("SPRING_ARTEMIS_USER");
        assertThatCode(() -> new ExternalBrokerCheck("tcp://localhost:61616", "", "").check()).doesNotThrowAnyException();
        assertThatCode(() -> new ExternalBrokerCheck("tcp://broker.example:61616", "sync", "pw").check()).doesNotThrowAnyException();
    }
}
