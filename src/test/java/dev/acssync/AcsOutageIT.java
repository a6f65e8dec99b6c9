package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.acs.AcsAvailability;
import dev.acssync.sandbox.AcsSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** When ACS as a whole is unusable, records wait for it instead of being dead-lettered, and health says why. */
class AcsOutageIT extends SyncTestBase {

    @Autowired
    AcsSandbox sandbox;
    @Autowired
    AcsAvailability availability;
    @Autowired
    TestRestTemplate health;

    private static String emails(int n, String unit) {
        StringBuilder csv = new StringBuilder("email,orgUnit\n");
        String[] emails = {"alice.martin@example.com", "bob.dupont@example.com", "carla.rossi@example.com", "david.smith@example.com"};
        for (int i = 0; i < n; i++) {
            csv.append(emails[i % emails.length]).append(',').append(unit).append('\n');
        }
        return csv.toString();
    }

    @Test
    void whileAcsIsUnreachableRecordsWaitAndAreUpdatedWhenItReturns() throws Exception {
        // (that a record outlives its retry budget while ACS is down is RetryBudgetRouteTest's point)
        sandbox.close(); // connection refused from now on
        try {
            String name = "outage-" + System.nanoTime() + ".csv";
            Path inbox = DATA.resolve("inbox").resolve(name);
            Files.writeString(inbox, emails(20, "singapore"));

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(availability::isDown);
            assertThat(acsCheck().getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(acsCheck().getDetails().get("reason").toString()).startsWith("unreachable");
            // the file waits in the inbox, and no record is dead-lettered
            Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> Files.exists(inbox) && deadLetters(name).isEmpty());

            sandbox.start();
            JsonNode report = awaitFinishedReport(name, Duration.ofSeconds(60));
            // four profiles, five records each: a record looked up after another moved its profile is UNCHANGED
            assertThat(report.path("updated").asInt() + report.path("unchanged").asInt()).isEqualTo(20);
            assertThat(report.path("updated").asInt()).isBetween(4, 20);
            assertThat(report.path("deadLettered").asInt()).isZero();
            assertThat(availability.isDown()).isFalse();
        } finally {
            if (!isListening()) {
                sandbox.start();
            }
        }
    }

    @Test
    void refusedCredentialsHoldTheInputUntilTheyAreAcceptedAgain() throws Exception {
        faults("{\"next403\": 1000000}");
        String name = "forbidden-" + System.nanoTime() + ".csv";
        Path inbox = DATA.resolve("inbox").resolve(name);
        Files.writeString(inbox, emails(3, "partners"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> availability.isDown()
                && acsCheck().getDetails().get("reason").toString().contains("credentials refused"));
        assertThat(acsCheck().getDetails().get("reason").toString()).contains("403003");
        // the records wait, whatever the time: nothing is dead-lettered for a fault that is not theirs
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(inbox) && deadLetters(name).isEmpty());

        faults("{\"next403\": 0}"); // the configuration is fixed
        assertThat(awaitFinishedReport(name, Duration.ofSeconds(60)).path("updated").asInt()).isEqualTo(3);
        assertThat(deadLetters(name)).isEmpty();
        assertThat(acsCheck().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void theIdleProbeTurnsHealthDownWhileAcsIsGoneAndUpWhenItReturns() throws Exception {
        long before = requests("GET orgUnitBase 200");
        for (int i = 0; i < 5; i++) {
            assertThat(acsHealth().path("status").asText()).isEqualTo("UP");
        }
        assertThat(requests("GET orgUnitBase 200")).as("health checks never call ACS").isEqualTo(before);

        camel.createProducerTemplate().sendBody("direct:probe-acs", null);
        assertThat(requests("GET orgUnitBase 200")).as("one cheap GET").isEqualTo(before + 1);
        assertThat(availability.isDown()).isFalse();

        sandbox.close();
        try {
            camel.createProducerTemplate().sendBody("direct:probe-acs", null);
            JsonNode down = acsHealth();
            assertThat(down.path("status").asText()).isEqualTo("DOWN");
            assertThat(down.path("details").path("reason").asText()).startsWith("unreachable: probe failed");
            assertThat(availability.probeDue()).isTrue();
        } finally {
            sandbox.start();
        }
        camel.createProducerTemplate().sendBody("direct:probe-acs", null);
        assertThat(acsCheck().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(availability.probeDue()).as("ACS just answered").isFalse();
    }

    @Test
    void aDroppedConnectionIsTriedOnceMoreBeforeTheProbeCallsAcsDown() throws Exception {
        long answered = requests("GET orgUnitBase 200");
        long dropped = requests("GET orgUnitBase dropped");

        faults("{\"nextDrop\": 1}"); // one connection closed without an answer: a second try, and ACS is fine
        camel.createProducerTemplate().sendBody("direct:probe-acs", null);
        assertThat(requests("GET orgUnitBase dropped")).isEqualTo(dropped + 1);
        assertThat(requests("GET orgUnitBase 200")).isEqualTo(answered + 1);
        assertThat(availability.isDown()).isFalse();

        faults("{\"nextDrop\": 2}"); // the second try fails too: ACS is down, and health says why
        try {
            camel.createProducerTemplate().sendBody("direct:probe-acs", null);
            assertThat(requests("GET orgUnitBase dropped")).as("two tries, no more").isEqualTo(dropped + 3);
            assertThat(availability.isDown()).isTrue();
            assertThat(acsHealth().path("details").path("reason").asText()).startsWith("unreachable: probe failed");
        } finally {
            faults("{\"nextDrop\": 0}");
        }
        camel.createProducerTemplate().sendBody("direct:probe-acs", null);
        assertThat(availability.isDown()).isFalse();
        assertThat(requests("GET orgUnitBase 200")).isEqualTo(answered + 2);
    }

    /** The check as Camel's health-check registry runs it (Hawtio, camelHealth). */
    private HealthCheck.Result acsCheck() {
        return HealthCheckHelper.invoke(camel, "acsAvailability", Map.of()).orElseThrow();
    }

    private JsonNode acsHealth() throws Exception {
        String body = health.withBasicAuth("admin", "sandbox").getForEntity("/actuator/health", String.class).getBody();
        return HealthJson.check(JSON.readTree(body), "acsAvailability");
    }

    private static boolean isListening() {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", SANDBOX_PORT)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
