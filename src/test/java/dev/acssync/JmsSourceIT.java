package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Another program sends records over TCP to the embedded broker, as a real sending system would. */
class JmsSourceIT extends SyncTestBase {

    private final List<Connection> connections = new ArrayList<>();
    /** A sending system (role producer), a system reading outcomes (subscriber), the broker's administrator. */
    private Session producer;
    private Session subscriber;
    private Session admin;

    @BeforeEach
    void connect() throws Exception {
        producer = session("producer");
        subscriber = session("subscriber");
        admin = session("admin");
        drain("orgunit.assignments.DLQ");
    }

    /** A session over TCP as one of the sandbox configuration's broker logins (demo password "sandbox"). */
    static Connection connection(String user) throws Exception {
        Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT, user, "sandbox").createConnection();
        connection.start();
        return connection;
    }

    private Session session(String user) throws Exception {
        Connection connection = connection(user);
        connections.add(connection);
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    private void send(String body) throws Exception {
        try (var sender = producer.createProducer(producer.createQueue("orgunit.assignments"))) {
            sender.send(producer.createTextMessage(body));
        }
    }

    private List<Message> drain(String queue) throws Exception {
        List<Message> out = new ArrayList<>();
        try (MessageConsumer consumer = admin.createConsumer(admin.createQueue(queue))) {
            Message m;
            while ((m = consumer.receive(200)) != null) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void recordsSentAsObjectOrArrayAreAppliedAndTheirOutcomesPublished() throws Exception {
        MessageConsumer outcomes = subscriber.createConsumer(subscriber.createTopic("orgunit.assignments.outcomes"));

        send("[{\"email\":\"alice.martin@example.com\",\"orgUnit\":\"japan\"},"
                + "{\"pkey\":\"" + pkeyOf("bob.dupont@example.com") + "\",\"orgUnit\":\"canada\"}]");
        send("{\"email\":\"carla.rossi@example.com\",\"orgUnit\":\"mexico\"}");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orgUnitsByEmail())
                .containsEntry("alice.martin@example.com", "japan")
                .containsEntry("bob.dupont@example.com", "canada")
                .containsEntry("carla.rossi@example.com", "mexico"));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TextMessage event = (TextMessage) outcomes.receive(10_000);
            assertThat(event).as("outcome event " + i).isNotNull();
            JsonNode json = JSON.readTree(event.getText());
            assertThat(event.getJMSCorrelationID()).isNotBlank();
            events.add(json.path("status").asText() + " " + json.path("orgUnit").asText());
        }
        assertThat(events).containsExactlyInAnyOrder("UPDATED japan", "UPDATED canada", "UPDATED mexico");
        assertThat(drain("orgunit.assignments.DLQ")).isEmpty();
    }

    @Test
    void malformedMessagesAndPermanentAcsErrorsLandOnTheDlqWithTheirReasons() throws Exception {
        send("this is not JSON");
        send("{\"pkey\":\"@doesNotExist\",\"orgUnit\":\"brand1\"}");
        send("{\"email\":\"x@example.com\",\"email\":\"y@example.com\",\"orgUnit\":\"brand1\"}");

        List<Message> dead = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            dead.addAll(drain("orgunit.assignments.DLQ"));
            return dead.size() >= 3;
        });
        assertThat(dead).hasSize(3);
        Message duplicate = dead.stream().filter(m -> text(m).contains("y@example.com")).findFirst().orElseThrow();
        assertThat(text(duplicate)).as("the original, for replay").contains("x@example.com");
        assertThat(duplicate.getStringProperty("reason")).isEqualTo("INVALID_RECORD");
        assertThat(duplicate.getStringProperty("detail")).contains("has the key 'email' twice");
        Message malformed = dead.stream().filter(m -> text(m).equals("this is not JSON")).findFirst().orElseThrow();
        assertThat(malformed.getStringProperty("reason")).isEqualTo("INVALID_RECORD");
        assertThat(malformed.getStringProperty("detail")).contains("not valid JSON");
        Message unknown = dead.stream().filter(m -> text(m).contains("@doesNotExist")).findFirst().orElseThrow();
        assertThat(unknown.getStringProperty("reason")).isEqualTo("PROFILE_NOT_FOUND");
        assertThat(unknown.getStringProperty("httpStatus")).isEqualTo("404");
        assertThat(unknown.getStringProperty("attempts")).isEqualTo("1");
        assertThat(JSON.readTree(text(unknown)).path("orgUnit").asText()).isEqualTo("brand1");
    }

    @Test
    void messagesNobodyCanReadLandOnTheDlqAsUnreadableAndTheQueueKeepsFlowing() throws Exception {
        // over TCP, as a producer's client would send them: a text message whose text does not decode (its length
        // prefix runs past its end), a bytes message, a map message and a message without a body
        try (var locator = org.apache.activemq.artemis.api.core.client.ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + BROKER_PORT);
             var factory = locator.createSessionFactory();
             var core = factory.createSession("producer", "sandbox", false, true, true, false, 0);
             var sender = core.createProducer("orgunit.assignments")) {
            var broken = core.createMessage(org.apache.activemq.artemis.api.core.Message.TEXT_TYPE, true);
            broken.setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST);
            broken.getBodyBuffer().writeByte((byte) 1);
            broken.getBodyBuffer().writeInt(1_000_000);
            broken.getBodyBuffer().writeBytes(new byte[] {1, 2, 3});
            sender.send(broken);
        }
        try (var queue = producer.createProducer(producer.createQueue("orgunit.assignments"))) {
            var bytes = producer.createBytesMessage();
            bytes.writeBytes("{\"email\":\"emma.jones@example.com\",\"orgUnit\":\"brand1\"}".getBytes(StandardCharsets.UTF_8));
            queue.send(bytes);
            var map = producer.createMapMessage();
            map.setString("email", "emma.jones@example.com");
            queue.send(map);
            queue.send(producer.createMessage());
        }
        // a valid message behind them
        send("{\"email\":\"ivan.petrov@example.com\",\"orgUnit\":\"india\"}");

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(orgUnitsByEmail()).containsEntry("ivan.petrov@example.com", "india"));
        List<Message> dead = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            dead.addAll(drain("orgunit.assignments.DLQ"));
            return dead.size() >= 4;
        });
        assertThat(dead).hasSize(4).allSatisfy(m -> assertThat(m.getStringProperty("reason")).isEqualTo("UNREADABLE_MESSAGE"));
        assertThat(dead.stream().map(m -> {
            try {
                return m.getStringProperty("detail");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).anyMatch(d -> d.startsWith("a BytesMessage of ") && d.contains(" bytes"))
                .anyMatch(d -> d.startsWith("a MapMessage"))
                .anyMatch(d -> d.startsWith("a Message without a body"))
                .anyMatch(d -> d.equals("a text message of 8 bytes whose text cannot be decoded"));
        assertThat(orgUnitsByEmail()).as("nothing of the unreadable messages applied").containsEntry("emma.jones@example.com", "all");
    }

    @Test
    void aMessageInFlightWhenTheRouteStopsIsNotLost() throws Exception {
        faults("{\"latencyMs\": 1500}");
        send("{\"email\":\"david.smith@example.com\",\"orgUnit\":\"brazil\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> camel.getInflightRepository().size("jms-inbox") > 0);

        camel.getRouteController().stopRoute("jms-inbox");
        faults("{\"latencyMs\": 0}");
        camel.getRouteController().startRoute("jms-inbox");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(orgUnitsByEmail()).containsEntry("david.smith@example.com", "brazil"));
        assertThat(drain("orgunit.assignments.DLQ")).isEmpty();
    }

    @Test
    void deadLettersMovedBackFromTheDlqInTheConsoleAreProcessedAgain() throws Exception {
        faults("{\"next500Rejected\": 1}"); // ACS refuses the record once (RST code): a permanent error
        send("{\"pkey\":\"" + pkeyOf("emma.jones@example.com") + "\",\"orgUnit\":\"partners\"}");
        String dlq = mbeanName("/search/org.apache.activemq.artemis:queue=%22orgunit.assignments.DLQ%22,*");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                jolokiaValue("/read/" + dlq + "/MessageCount").asLong() == 1);
        assertThat(orgUnitsByEmail()).doesNotContainEntry("emma.jones@example.com", "partners");

        // what an operator does once the cause is fixed: Hawtio -> JMX -> the DLQ -> moveMessages(filter, queue)
        JsonNode moved = jolokiaExec(CONSOLE_LOGIN, dlq.replace("%22", "\""), "moveMessages(java.lang.String,java.lang.String)",
                null, "orgunit.assignments");
        assertThat(moved.path("value").asInt()).as(moved.toString()).isEqualTo(1);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(orgUnitsByEmail()).containsEntry("emma.jones@example.com", "partners"));
        assertThat(drain("orgunit.assignments.DLQ")).isEmpty();
    }

    /** The MBean name a Jolokia search finds (waiting for the broker to create it), escaped for a GET path. */
    private String mbeanName(String search) {
        String[] name = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode found = jolokiaValue(search);
            name[0] = found.size() > 0 ? found.get(0).asText() : null;
            return name[0] != null;
        });
        return name[0].replace("\"", "%22");
    }

    private JsonNode jolokiaValue(String path) throws Exception {
        HttpResponse<String> r = consoleGet("/actuator/jolokia" + path);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("status").asInt()).as(r.body()).isEqualTo(200);
        return answer.path("value");
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
