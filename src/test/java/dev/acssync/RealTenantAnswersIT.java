package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.acs.AcsAvailability;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers a real tenant gives and the kind sandbox did not (docs/real-tenant.md), each switched on in the sandbox
 * and met by the service over real HTTP: a 500 without an ACS code, a gateway's 502 page and its JSON "Oops" (a tenant
 * not set up), a profile resource not extended with orgUnit, byEmail matching case included, unit labels, and the
 * headers Adobe's examples send.
 */
class RealTenantAnswersIT extends SyncTestBase {

    @Autowired
    AcsAvailability availability;

    @Test
    void aFiveHundredWithoutAnAcsCodeIsTriedThreeTimesThenADeadLetterOfItsOwnNotAnOutage() throws Exception {
        faults("{\"next500Unexplained\": 3}");
        String name = "oops-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, "pkey,orgUnit\n" + pkeyOf("alice.martin@example.com") + ",brand1\n");

        assertThat(report.path("updated").asInt()).isZero();
        assertThat(report.path("reasons").path("ACS_SERVER_ERROR").asInt()).isEqualTo(1);
        JsonNode dead = deadLetters(name).get(0);
        assertThat(dead.path("attempts").asInt()).as("acs.retry.server-error-retries (2) after the first try").isEqualTo(3);
        assertThat(dead.path("httpStatus").asInt()).isEqualTo(500);
        assertThat(dead.path("detail").asText()).startsWith("a server error without an ACS error code on each of 3 tries: "
                + "PATCH profile answered HTTP 500: Oops. Something went wrong.");
        assertThat(requests("PATCH profile 500")).isEqualTo(3);
        assertThat(availability.isDown()).as("ACS answered: no outage").isFalse();
        assertThat(HealthCheckHelper.invoke(camel, "acsAvailability", Map.of()).orElseThrow().getDetails()
                .get("serverErrorsWithoutAcsCode").toString())
                .contains("PATCH profile answered HTTP 500: Oops. Something went wrong.");
    }

    @Test
    void aProfileResourceWithoutTheOrgUnitFieldEndsEveryRecordAsAServerErrorAndHealthSaysWhy() throws Exception {
        faults("{\"orgUnitField\": false}");
        String name = "not-extended-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, "email,orgUnit\nalice.martin@example.com,brand2\nbob.dupont@example.com,brand2\n");

        assertThat(report.path("reasons").path("ACS_SERVER_ERROR").asInt()).isEqualTo(2);
        assertThat(requests("GET profileByEmail 200")).as("lookups succeed while the PATCH fails").isEqualTo(2);
        assertThat(requests("PATCH profile 500")).isEqualTo(6);
        assertThat(availability.isDown()).isFalse();
        JsonNode health = JSON.readTree(consoleGet("/actuator/health").body());
        assertThat(HealthJson.check(health, "acsAvailability").path("details").path("serverErrorsWithoutAcsCode").asText())
                .contains("PATCH profile answered HTTP 500: Internal Server Error").contains("docs/real-tenant.md");
    }

    @Test
    void aPreflightThatFindsNoOrgUnitFieldTakesNoFileAndNoMessageUntilItPasses() throws Exception {
        String name = "preflight-" + System.nanoTime() + ".csv";
        Path inboxFile = DATA.resolve("inbox").resolve(name);
        faults("{\"orgUnitField\": false}");
        try (Connection producer = JmsSourceIT.connection("producer")) {
            JsonNode result = jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()");
            assertThat(result.path("value").asText()).isEqualTo("profile resource: the profile resource has no orgUnit "
                    + "field: in Campaign, extend the profile resource with the access-authorization fields and publish it "
                    + "(docs/real-tenant.md)");
            JsonNode health = HealthJson.check(JSON.readTree(consoleGet("/actuator/health").body()), "preflight");
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("details").path("reason").asText()).isEqualTo(result.path("value").asText());
            // Camel's health-check registry runs the same check (camelHealth, Hawtio): a readiness check, DOWN
            HealthCheck.Result check = HealthCheckHelper.invoke(camel, "preflight", Map.of()).orElseThrow();
            assertThat(check.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(check.getMessage()).contains(result.path("value").asText());
            assertThat(HealthCheckHelper.invokeReadiness(camel)).anyMatch(r -> r.getCheck().getId().equals("preflight")
                    && r.getState() == HealthCheck.State.DOWN);
            assertThat(consoleGet("/actuator/health/readiness").statusCode()).isEqualTo(503);

            NotifyBuilder done = fileDone(name);
            Files.writeString(inboxFile, "email,orgUnit\nalice.martin@example.com,brand3\n");
            Session session = producer.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("orgunit.assignments"))
                    .send(session.createTextMessage("{\"email\":\"bob.dupont@example.com\",\"orgUnit\":\"brand3\"}"));
            // several polls of the folder (every second) and time for the JMS listener: nothing is taken
            Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() ->
                    Files.exists(inboxFile) && requests("GET profileByEmail 200") == 0);
            assertThat(orgUnitsByEmail()).doesNotContainEntry("alice.martin@example.com", "brand3")
                    .doesNotContainEntry("bob.dupont@example.com", "brand3");

            // the tenant fixed: the operator runs the preflight again, the sources start
            faults("{\"orgUnitField\": true}");
            assertThat(jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()").path("value").asText()).isEqualTo("PASSED");
            assertThat(awaitReport(done, name).path("updated").asInt()).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    "brand3".equals(orgUnitsByEmail().get("bob.dupont@example.com")));
            assertThat(orgUnitsByEmail()).containsEntry("alice.martin@example.com", "brand3");
            assertThat(consoleGet("/actuator/health/readiness").statusCode()).isEqualTo(200);
        } finally {
            faults("{\"orgUnitField\": true}");
            jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()");
        }
    }

    @Test
    void aGatewaysFiveHundredAndTwoIsAPassingFaultRetriedUntilTheRecordIsUpdated() throws Exception {
        faults("{\"next502\": 2}");
        String name = "gateway-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, "pkey,orgUnit\n" + pkeyOf("carla.rossi@example.com") + ",brand3\n");

        assertThat(report.path("updated").asInt()).isEqualTo(1);
        assertThat(requests("PATCH profile 502")).isEqualTo(2);
        assertThat(orgUnitsByEmail()).containsEntry("carla.rossi@example.com", "brand3");
    }

    @Test
    void aJsonBadGatewayOopsIsAConfigurationErrorAtThePreflightAndMidRunAndRecordsWaitThroughIt() throws Exception {
        try {
            // at the preflight: it fails naming the cause, and health says the same
            faults("{\"next502Oops\": 1}");
            String problem = jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()").path("value").asText();
            assertThat(problem).startsWith("token, organization and profile resource: ACS's gateway says the tenant is not "
                    + "set up for the API: GET profile answered HTTP 502: Oops.").contains("docs/real-tenant.md");
            JsonNode acs = HealthJson.check(JSON.readTree(consoleGet("/actuator/health").body()), "acsAvailability");
            assertThat(acs.path("status").asText()).isEqualTo("DOWN");
            assertThat(acs.path("details").path("reason").asText()).startsWith("configuration error: GET profile answered HTTP 502")
                    .contains("acs.organization").contains("docs/real-tenant.md");
            assertThat(jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()").path("value").asText()).isEqualTo("PASSED");

            // mid-run: the record waits through it (no dead letter), health DOWN meanwhile
            faults("{\"next502Oops\": 3}");
            String name = "oops-502-" + System.nanoTime() + ".csv";
            NotifyBuilder done = fileDone(name);
            Files.writeString(DATA.resolve("inbox").resolve(name), "pkey,orgUnit\n" + pkeyOf("bob.dupont@example.com") + ",brand4\n");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(availability.downReason())
                    .startsWith("configuration error: PATCH profile answered HTTP 502"));
            JsonNode report = awaitReport(done, name);
            assertThat(report.path("updated").asInt()).isEqualTo(1);
            assertThat(deadLetters(name)).isEmpty();
            assertThat(requests("PATCH profile 502")).isEqualTo(3);
            assertThat(report.path("acsCalls").asInt()).as("what the tenant meters: every try").isEqualTo(4);
            assertThat(report.path("acsCallsPerRecord").asDouble()).isEqualTo(4.0);
            assertThat(availability.isDown()).as("the answer that succeeded ended it").isFalse();
        } finally {
            jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()");
        }
    }

    @Test
    void aFileWhoseFirstRecordsAllGetServerErrorsStopsAsASetupProblemAndNoFileIsTakenUntilThePreflightRunsAgain()
            throws Exception {
        // every PATCH is answered a 500 without a code, as for a profile resource not extended with orgUnit
        faults("{\"orgUnitField\": false}");
        String first = "setup-" + System.nanoTime() + ".csv";
        String second = "after-setup-" + System.nanoTime() + ".csv";
        Path secondFile = DATA.resolve("inbox").resolve(second);
        StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
        String[] emails = {"alice.martin@example.com", "bob.dupont@example.com", "carla.rossi@example.com"};
        for (int i = 0; i < 120; i++) {
            csv.append(pkeyOf(emails[i % emails.length])).append(",brand2\n");
        }
        try {
            JsonNode report = dropAndAwaitReport(first, csv.toString());

            assertThat(report.path("status").asText()).isEqualTo("FAILED");
            assertThat(report.path("error").asText()).startsWith("stopped early after ")
                    .contains("most likely the set-up, not the file");
            assertThat(report.path("reasons").path("ACS_SERVER_ERROR").asInt()).isGreaterThanOrEqualTo(100);
            assertThat(DATA.resolve("failed").resolve(first)).exists();
            JsonNode preflight = HealthJson.check(JSON.readTree(consoleGet("/actuator/health").body()), "preflight");
            assertThat(preflight.path("status").asText()).isEqualTo("DOWN");
            assertThat(preflight.path("details").path("reason").asText()).startsWith("records of " + first + ": stopped early")
                    .contains("run the preflight again");
            assertThat(consoleGet("/actuator/health/readiness").statusCode()).isEqualTo(503);

            // the next file waits: it would spend its calls the same way
            NotifyBuilder done = fileDone(second);
            Files.writeString(secondFile, "email,orgUnit\ndavid.smith@example.com,brand2\n");
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(secondFile));

            // fixed: the operator runs the preflight, the file goes through
            faults("{\"orgUnitField\": true}");
            assertThat(jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()").path("value").asText()).isEqualTo("PASSED");
            assertThat(awaitReport(done, second).path("updated").asInt()).isEqualTo(1);
        } finally {
            faults("{\"orgUnitField\": true}");
            jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=preflight", "run()");
        }
    }

    @Test
    void emailsAreMatchedAsWrittenAndACaseOnlyDifferenceIsNamedInTheDeadLetter() throws Exception {
        // as ACS documents its searches (the sandbox's default): the other case finds nothing
        String exact = "case-exact-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(exact, "email,orgUnit\nAlice.Martin@example.com,brand1\n");
        assertThat(report.path("reasons").path("PROFILE_NOT_FOUND").asInt()).isEqualTo(1);
        assertThat(deadLetters(exact).get(0).path("detail").asText())
                .isEqualTo("no profile with email 'Alice.Martin@example.com' (emails are matched as written, case included)");

        // a byEmail ignoring case: the profile is found, not taken, and named
        faults("{\"emailMatch\": \"ignore-case\"}");
        String ignoring = "case-ignored-" + System.nanoTime() + ".csv";
        report = dropAndAwaitReport(ignoring, "email,orgUnit\nAlice.Martin@example.com,brand1\n");
        assertThat(report.path("reasons").path("PROFILE_NOT_FOUND").asInt()).isEqualTo(1);
        assertThat(deadLetters(ignoring).get(0).path("detail").asText()).contains("ACS has it in another case: 'alice.martin@example.com'");
        assertThat(requests("PATCH profile 200")).isZero();
    }

    @Test
    void aUnitsLabelAsCampaignShowsItIsAcceptedAndTheDryRunSaysSo() throws Exception {
        String name = "labels-" + System.nanoTime() + ".dry-run.csv";

        JsonNode report = dropAndAwaitReport(name, "email,orgUnit\nalice.martin@example.com,Brand 4\n");

        assertThat(report.path("updated").asInt()).as("would be updated").isEqualTo(1);
        JsonNode wouldChange = JSON.readTree(Files.readAllLines(DATA.resolve("reports").resolve(name + ".dry-run.jsonl")).get(0));
        assertThat(wouldChange.path("orgUnit").asText()).isEqualTo("brand4");
        assertThat(wouldChange.path("orgUnitMatchedBy").asText()).isEqualTo("label");
        assertThat(requests("PATCH profile 200")).isZero();
    }

    @Test
    void everyCallCarriesTheHeadersAdobesExamplesSend() throws Exception {
        String name = "headers-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, "email,orgUnit\ndavid.smith@example.com,brand2\n");

        assertThat(report.path("updated").asInt()).isEqualTo(1);
        JsonNode stats = sandbox("GET", "/sandbox/stats", "");
        assertThat(requests("GET profileByEmail 200") + requests("PATCH profile 200")).isEqualTo(2);
        assertThat(stats.path("campaignRequestsWithoutDocumentedHeader").size())
                .as("requests without Content-Type: application/json or Cache-Control: no-cache: %s",
                        stats.path("campaignRequestsWithoutDocumentedHeader")).isZero();
    }
}
