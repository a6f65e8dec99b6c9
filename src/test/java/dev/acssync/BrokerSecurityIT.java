package dev.acssync;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded broker, tried as a program on loopback would: no anonymous access, a producer that can only send
 * records, a subscriber that can only read outcomes, and management for the admin alone.
 */
class BrokerSecurityIT extends SyncTestBase {
    private final List<Connection> connections = new ArrayList<>();

    private Session as(String user, String password) throws Exception {
        Connection c = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT, user, password).createConnection();
        connections.add(c);
        c.start();
        return c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    @Test
    void anonymousAndWrongPasswordsAreRefused() {
        assertThatThrownBy(() -> new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT).createConnection())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> as("admin", "guess")).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void theProducerMaySendRecordsAndNothingElse() throws Exception {
        Session producer = as("producer", "sandbox");
        // its one right: records into the input queue (a malformed one, so nothing reaches ACS)
        try (var sender = producer.createProducer(producer.createQueue("orgunit.assignments"))) {
            sender.send(producer.createTextMessage("not json: producer test"));
        }
        assertThatThrownBy(() -> producer.createConsumer(producer.createQueue("orgunit.assignments.DLQ")))
                .as("read the dead letters").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> producer.createConsumer(producer.createQueue("orgunit.assignments")))
                .as("steal records").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> producer.createBrowser(producer.createQueue("orgunit.assignments.DLQ")).getEnumeration().hasMoreElements())
                .as("browse the dead letters").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> {
            try (var forger = producer.createProducer(producer.createTopic("orgunit.assignments.outcomes"))) {
                forger.send(producer.createTextMessage("{\"status\":\"UPDATED\"}"));
            }
        }).as("forge outcome events").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> {
            try (var elsewhere = producer.createProducer(producer.createQueue("somewhere.new"))) {
                elsewhere.send(producer.createTextMessage("x"));
            }
        }).as("create an address").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> destroyQueue(producer, "orgunit.assignments.DLQ"))
                .as("management").isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void theSubscriberReadsOutcomesAndNothingElse() throws Exception {
        Session subscriber = as("subscriber", "sandbox");
        subscriber.createConsumer(subscriber.createTopic("orgunit.assignments.outcomes")).close();
        assertThatThrownBy(() -> {
            try (var sender = subscriber.createProducer(subscriber.createQueue("orgunit.assignments"))) {
                sender.send(subscriber.createTextMessage("{}"));
            }
        }).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> subscriber.createConsumer(subscriber.createQueue("orgunit.assignments.DLQ")))
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void onlyTheAdminManagesTheBroker() throws Exception {
        Session admin = as("admin", "sandbox");
        MessageConsumer dlq = admin.createConsumer(admin.createQueue("orgunit.assignments.DLQ"));
        dlq.close();
        Message reply = managementCall(admin, "queue.orgunit.assignments.DLQ", "countMessages");
        assertThat(JMSManagementHelper.hasOperationSucceeded(reply)).isTrue();
    }

    /** A management message, as the Artemis CLI sends: destroyQueue on the broker. */
    private static void destroyQueue(Session session, String queue) throws Exception {
        Message m = session.createMessage();
        JMSManagementHelper.putOperationInvocation(m, "broker", "destroyQueue", queue);
        try (var sender = session.createProducer(ActiveMQJMSClient.createQueue("activemq.management"))) {
            sender.send(m);
        }
    }

    private static Message managementCall(Session session, String resource, String operation) throws Exception {
        var replies = session.createTemporaryQueue();
        Message m = session.createMessage();
        JMSManagementHelper.putOperationInvocation(m, resource, operation);
        m.setJMSReplyTo(replies);
        try (var sender = session.createProducer(ActiveMQJMSClient.createQueue("activemq.management"));
             var receiver = session.createConsumer(replies)) {
            sender.send(m);
            return receiver.receive(10_000);
        }
    }
}
