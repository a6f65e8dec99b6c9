package dev.acssync.source;

import jakarta.annotation.PostConstruct;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** An external broker beyond loopback is never used anonymously: its user and password come from the environment. */
@Component
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "native")
class ExternalBrokerCheck {
    private final String brokerUrl;
    private final String user;
    private final String password;

    ExternalBrokerCheck(@Value("${spring.artemis.broker-url:tcp://localhost:61616}") String brokerUrl,
                        @Value("${spring.artemis.user:}") String user, @Value("${spring.artemis.password:}") String password) {
        this.brokerUrl = brokerUrl;
        this.user = user;
        this.password = password;
    }

    @PostConstruct
    void check() {
        if ((user.isBlank() || password.isBlank()) && !EmbeddedBroker.isLoopback(brokerUrl)) {
            throw new IllegalStateException("The external broker " + brokerUrl + " is beyond loopback but no credentials are "
                    + "set: set SPRING_ARTEMIS_USER and SPRING_ARTEMIS_PASSWORD");
        }
    }
}
