package dev.acssync.source;

import dev.acssync.source.JmsProperties.BrokerLogins;
import dev.acssync.source.JmsProperties.Login;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
                .isInstanceOfSatisfying(ConfigurationMistakeException.class, mistake -> {
                    assertThat(mistake.description()).isEqualTo("The broker login 'producer' uses the sandbox's demo "
                            + "password while the broker listens beyond loopback (tcp://0.0.0.0:61616)");
                    assertThat(mistake.action()).startsWith("Set SYNC_JMS_PRODUCER_PASSWORD");
                });
        assertThatThrownBy(() -> EmbeddedBroker.checkExposure(jms("tcp://127.0.0.1:61616", "real-one", "sandbox"), false))
                .hasMessageContaining("'admin'").hasMessageContaining("sandbox is off");
    }

    @Test
    void beyondLoopbackTheBrokerNeedsAProducerPassword() {
        assertThatThrownBy(() -> EmbeddedBroker.checkExposure(jms("tcp://10.0.0.5:61616", "", "a-real-one"), false))
                .isInstanceOf(ConfigurationMistakeException.class).hasMessageContaining("without a producer password");
        assertThatCode(() -> EmbeddedBroker.checkExposure(jms("tcp://10.0.0.5:61616", "a-real-one", ""), false))
                .doesNotThrowAnyException();
    }

    @Test
    void anExternalBrokerBeyondLoopbackNeedsCredentials() {
        assertThatThrownBy(() -> new ExternalBrokerCheck("tcp://broker.example:61616", "", "").check())
                .isInstanceOf(ConfigurationMistakeException.class).hasMessageContaining("SPRING_ARTEMIS_USER");
        assertThatCode(() -> new ExternalBrokerCheck("tcp://localhost:61616", "", "").check()).doesNotThrowAnyException();
        assertThatCode(() -> new ExternalBrokerCheck("tcp://broker.example:61616", "sync", "pw").check()).doesNotThrowAnyException();
    }
}
