package dev.acssync.source;

import org.apache.activemq.artemis.core.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Spring Boot's embedded Artemis broker only accepts in-VM connections; this adds a TCP acceptor so that other
 * programs can send records to the queue (127.0.0.1 by default).
 */
@Component
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class EmbeddedBrokerAcceptor implements ArtemisConfigurationCustomizer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerAcceptor.class);

    private final String acceptorUrl;

    public EmbeddedBrokerAcceptor(@Value("${sync.jms.embedded-broker-url}") String acceptorUrl) {
        this.acceptorUrl = acceptorUrl;
    }

    @Override
    public void customize(Configuration configuration) {
        try {
            configuration.addAcceptorConfiguration("tcp", acceptorUrl);
        } catch (Exception e) {
            throw new IllegalStateException("sync.jms.embedded-broker-url is not a valid acceptor URL: " + acceptorUrl, e);
        }
        LOG.info("Embedded Artemis broker accepts connections at {}", acceptorUrl);
    }
}
