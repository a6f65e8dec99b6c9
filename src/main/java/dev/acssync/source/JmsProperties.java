package dev.acssync.source;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The JMS source ({@code sync.jms.*}): the queue it consumes, where dead letters and outcome events go, and, for the
 * embedded broker, where it listens and who may use it.
 *
 * @param enabled create and start the JMS route (when false, the route does not exist)
 * @param queue the queue records arrive on
 * @param deadLetterQueue where dead-lettered records go, with their reason in headers
 * @param outcomeTopic where every record's outcome is published
 * @param concurrentConsumers parallel consumers of the queue
 * @param embeddedBrokerUrl where the embedded broker accepts other programs (an Artemis acceptor URL)
 * @param broker the embedded broker's logins
 * @param maxDeliveryAttempts the embedded broker moves a message the service failed to take this many times (one it
 *                            cannot read, a stop mid-message each time) to the dead-letter queue; an external broker
 *                            needs the same address-setting (docs/sources.md)
 */
@ConfigurationProperties("sync.jms")
record JmsProperties(boolean enabled, String queue, String deadLetterQueue, String outcomeTopic,
                            int concurrentConsumers, String embeddedBrokerUrl, BrokerLogins broker,
                            int maxDeliveryAttempts) {

    /**
     * The embedded broker's logins besides the service's own (which is made up at each start: only the service
     * connects with it, in-VM). A blank password means "no such login".
     *
     * @param producer may only send to the input queue
     * @param subscriber may only subscribe to the outcome topic
     * @param admin may do everything, broker management included
     */
    public record BrokerLogins(Login producer, Login subscriber, Login admin) {
    }

    /**
     * One broker login.
     *
     * @param username the user name
     * @param password the password (from the environment); blank: this login does not exist
     */
    public record Login(String username, String password) {
        boolean exists() {
            return password != null && !password.isBlank();
        }
    }
}
