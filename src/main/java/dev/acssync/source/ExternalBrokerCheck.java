package dev.acssync.source;

import dev.acssync.vocabulary.ConfigurationMistakeException;
import jakarta.annotation.PostConstruct;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** An external broker beyond loopback is never used anonymously: its user and password come from the environment. */
@Component
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "native")
class ExternalBrokerCheck {
    private final String brokerUrl;
    private final String user;
    private final String password;

    ExternalBrokerCheck(String brokerUrl, String user, String password) {
        this.brokerUrl = brokerUrl == null ? "tcp://localhost:61616" : brokerUrl;
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
    }

    @org.springframework.beans.factory.annotation.Autowired
    ExternalBrokerCheck(ArtemisProperties artemis) {
        this(artemis.getBrokerUrl(), artemis.getUser(), artemis.getPassword());
    }

    @PostConstruct
    void check() {
        if ((user.isBlank() || password.isBlank()) && !EmbeddedBroker.isLoopback(brokerUrl)) {
            throw new ConfigurationMistakeException("The external broker " + brokerUrl + " is beyond loopback but no credentials "
                    + "are set", "Set SPRING_ARTEMIS_USER and SPRING_ARTEMIS_PASSWORD.");
        }
    }
}
