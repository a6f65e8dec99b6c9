package dev.acssync.source;

import dev.acssync.vocabulary.DemoPassword;
import org.springframework.beans.factory.annotation.Value;
import dev.acssync.source.JmsProperties.Login;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The embedded Artemis broker, secured with Artemis' own role-based security. Spring Boot's embedded broker accepts
 * in-VM connections only and checks nobody; this one also listens on {@code sync.jms.embedded-broker-url} for other
 * programs, pre-creates the three addresses the service uses and lets each login do only its part:
 * <ul>
 *   <li>{@code service} (the service itself, in-VM, with a password made up at each start): consume the input
 *       queue, send to the dead-letter queue and the outcome topic;</li>
 *   <li>{@code producer}: send to the input queue, nothing else;</li>
 *   <li>{@code subscriber}: subscribe to the outcome topic, nothing else;</li>
 *   <li>{@code admin}: everything, management (queue deletion, users, failover) included.</li>
 * </ul>
 * Nobody may create or delete addresses but the admin, and anonymous connections are refused.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
class EmbeddedBroker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String SERVICE_USER = "acs-sync-service";

    /** Made up at each start: only this process connects with it. */
    private final String servicePassword = UUID.randomUUID().toString();

    @Bean(initMethod = "start", destroyMethod = "stop")
    EmbeddedActiveMQ embeddedActiveMq(Configuration configuration, JmsProperties jms, @Value(DemoPassword.SANDBOX_ENABLED) boolean sandbox)
            throws Exception {
        checkExposure(jms, sandbox);
        configuration.addAcceptorConfiguration("tcp", jms.embeddedBrokerUrl());
        configuration.setSecurityEnabled(true);
        configuration.addAddressConfiguration(queue(jms.queue()));
        configuration.addAddressConfiguration(queue(jms.deadLetterQueue()));
        configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(jms.outcomeTopic())
                .addRoutingType(RoutingType.MULTICAST));
        permissions(jms).forEach(configuration::putSecurityRoles);
        // a message taken and failed this many times goes to the dead-letter queue, never dropped (Artemis drops it
        // after its limit when there is no dead-letter address); one that cannot be read is marked so there
        configuration.addAddressSetting(jms.queue(), new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(jms.deadLetterQueue()))
                .setMaxDeliveryAttempts(jms.maxDeliveryAttempts())
                .setRedeliveryDelay(1000));
        configuration.registerBrokerPlugin(UnreadableMessages.brokerPlugin(jms.queue(), jms.deadLetterQueue()));

        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users(jms)));
        LOG.info("Embedded Artemis broker accepts connections at {} (logins: {})", jms.embeddedBrokerUrl(), logins(jms));
        return broker;
    }

    /**
     * The service's own connection to its broker (Spring Boot's in-VM connection factory) logs in as the service
     * user: Boot gives an embedded broker's connection factory no credentials of its own.
     */
    @Bean
    static BeanPostProcessor serviceBrokerLogin(ObjectProvider<EmbeddedBroker> broker) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                Object target = bean instanceof CachingConnectionFactory c ? c.getTargetConnectionFactory() : bean;
                if (target instanceof ActiveMQConnectionFactory artemis) {
                    artemis.setUser(SERVICE_USER);
                    artemis.setPassword(broker.getObject().servicePassword);
                }
                return bean;
            }
        };
    }

    private static CoreAddressConfiguration queue(String name) {
        return new CoreAddressConfiguration().setName(name).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST));
    }

    /** Address match → roles. Artemis takes the most specific match, so every entry names the admin too. */
    static Map<String, Set<Role>> permissions(JmsProperties jms) {
        Map<String, Set<Role>> byAddress = new LinkedHashMap<>();
        byAddress.put(jms.queue(), Set.of(
                role("service").consume().build(), role("producer").send().build(), admin()));
        byAddress.put(jms.deadLetterQueue(), Set.of(role("service").send().build(), admin()));
        byAddress.put(jms.outcomeTopic(), Set.of(
                role("service").send().build(), role("subscriber").consume().subscribe().build(), admin()));
        byAddress.put("#", Set.of(admin())); // management, and everything else
        return byAddress;
    }

    private SecurityConfiguration users(JmsProperties jms) {
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(SERVICE_USER, servicePassword);
        users.addRole(SERVICE_USER, "service");
        addIfSet(users, jms.broker().producer(), "producer");
        addIfSet(users, jms.broker().subscriber(), "subscriber");
        addIfSet(users, jms.broker().admin(), "admin");
        return users;
    }

    private static void addIfSet(SecurityConfiguration users, Login login, String role) {
        if (login != null && login.exists()) {
            users.addUser(login.username(), login.password());
            users.addRole(login.username(), role);
        }
    }

    private static String logins(JmsProperties jms) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Login> e : Map.of("producer", nullSafe(jms.broker().producer()), "subscriber",
                nullSafe(jms.broker().subscriber()), "admin", nullSafe(jms.broker().admin())).entrySet()) {
            if (e.getValue().exists()) {
                out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append(" '").append(e.getValue().username()).append('\'');
            }
        }
        return out.isEmpty() ? "none but the service's own" : out.toString();
    }

    private static Login nullSafe(Login login) {
        return login == null ? new Login("", "") : login;
    }

    /**
     * The demo password of the sandbox configuration is accepted only with the sandbox and on loopback; beyond
     * loopback the broker needs a real producer password (or nobody could send) and no demo password anywhere.
     */
    static void checkExposure(JmsProperties jms, boolean sandbox) {
        boolean loopback = isLoopback(jms.embeddedBrokerUrl());
        for (Login login : List.of(nullSafe(jms.broker().producer()), nullSafe(jms.broker().subscriber()), nullSafe(jms.broker().admin()))) {
            if (DemoPassword.is(login.password()) && (!sandbox || !loopback)) {
                throw new ConfigurationMistakeException("The broker login '" + login.username() + "' uses the sandbox's demo password "
                        + (sandbox ? "while the broker listens beyond loopback (" + jms.embeddedBrokerUrl() + ")" : "while the sandbox is off"),
                        "Set SYNC_JMS_PRODUCER_PASSWORD, SYNC_JMS_SUBSCRIBER_PASSWORD and SYNC_JMS_ADMIN_PASSWORD (empty = no such login).");
            }
        }
        if (!loopback && !nullSafe(jms.broker().producer()).exists()) {
            throw new ConfigurationMistakeException("The embedded broker listens beyond loopback (" + jms.embeddedBrokerUrl()
                    + ") without a producer password", "Set SYNC_JMS_PRODUCER_PASSWORD, or keep sync.jms.embedded-broker-url on 127.0.0.1.");
        }
    }

    /** Whether an acceptor or broker URL (tcp://host:port?params) names a loopback host. */
    static boolean isLoopback(String url) {
        try {
            String host = URI.create(url.trim()).getHost();
            return host != null && java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ Artemis roles, spelled out

    private static RoleBuilder role(String name) {
        return new RoleBuilder(name);
    }

    private static Role admin() {
        return new Role("admin", true, true, true, true, true, true, true, true, true, true, true, true);
    }

    /** Artemis' Role has twelve positional flags; this names the few the service uses. */
    private static final class RoleBuilder {
        private final String name;
        private boolean send;
        private boolean consume;
        private boolean subscribe;

        RoleBuilder(String name) {
            this.name = name;
        }

        RoleBuilder send() {
            send = true;
            return this;
        }

        RoleBuilder consume() {
            consume = true;
            return this;
        }

        /** A topic subscription is a non-durable queue the subscriber creates and deletes on the topic's address. */
        RoleBuilder subscribe() {
            subscribe = true;
            return this;
        }

        Role build() {
            // name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
            // deleteNonDurableQueue, manage, browse, createAddress, deleteAddress, view, edit
            return new Role(name, send, consume, false, false, subscribe, subscribe, false, false, false, false, false, false);
        }
    }
}
