package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.sandbox.AcsSandbox;
import dev.acssync.sandbox.SandboxSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service started with a client secret IMS refuses (and an SFTP server that cannot be reached): health says so at
 * once (from the start-up preflight), readiness is 503, no file has to arrive for anyone to find out, no source is
 * served (a dropped file stays, SFTP is not polled), and the log says it in a few lines, without stack traces. A
 * console password given under its old name is named in the log with its new one.
 */
class WrongCredentialsAtStartIT {

    @Test
    void healthIsDownWithTheReasonAndReadinessRefusesTrafficRightAfterStart() throws Exception {
        Path data = Files.createTempDirectory("acs-sync-wrong-secret");
        try (AcsSandbox sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(ServiceProcess.freePort()))) {
            sandbox.start();
            int nobodyListens = ServiceProcess.freePort();
            try (ServiceProcess service = ServiceProcess.start(sandbox.port(), data, List.of(
                    "--sync.sftp.enabled=true", "--sync.sftp.port=" + nobodyListens, "--sync.sftp.cron=0/2 * * * * ?",
                    // the console password's old name: ignored, and said so (SYNC_CONSOLE_PASSWORD, set too, is not)
                    "--sync.console.password=old-name-s3cret"),
                    Map.of("ACS_CLIENT_SECRET", "not-the-secret"))) {
                // started: Camel up, the start-up directory load done (it fails)
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(service.get("/actuator/health/liveness", false).statusCode()).isEqualTo(200));
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode acs = HealthJson.check(new ObjectMapper().readTree(service.get("/actuator/health", true).body()),
                            "acsAvailability");
                    assertThat(acs.path("status").asText()).isEqualTo("DOWN");
                    assertThat(acs.path("details").path("reason").asText()).startsWith("credentials refused").contains("HTTP 400").contains("invalid_client");
                });
                assertThat(service.get("/actuator/health/readiness", false).statusCode()).isEqualTo(503);
                JsonNode preflight = HealthJson.check(new ObjectMapper().readTree(service.get("/actuator/health", true).body()),
                        "preflight");
                assertThat(preflight.path("status").asText()).isEqualTo("DOWN");
                assertThat(preflight.path("details").path("reason").asText()).startsWith("token, organization and profile "
                        + "resource: ACS refused the credentials; check acs.client-id, ACS_CLIENT_SECRET and acs.ims.scope");

                // no source is served before the preflight passes: a dropped file stays, SFTP is not even polled
                Path dropped = data.resolve("inbox").resolve("waits.csv");
                Files.writeString(dropped, "email,orgUnit\nalice.martin@example.com,brand1\n");
                Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> Files.exists(dropped));
                String log = Files.readString(data.resolve("service.log"));
                assertThat(log).as("SFTP polled every 2 s, but not before the preflight passes")
                        .doesNotContain("Failed polling endpoint");
                assertThat(log).contains("Preflight failed, no file or message is taken until it passes: token, organization")
                        .doesNotContain("Error auto creating directory").doesNotContain("\tat ")
                        .doesNotContain("not-the-secret");
                assertThat(log).contains("sync.console.password is no longer read: set sync.console.operator.password "
                        + "instead").containsOnlyOnce("is no longer read").doesNotContain("old-name-s3cret");
            }
        }
    }

    @Test
    void aWrongOrganizationIsNamedByThePreflightAndNoFileIsTaken() throws Exception {
        Path data = Files.createTempDirectory("acs-sync-wrong-org");
        try (AcsSandbox sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(ServiceProcess.freePort()))) {
            sandbox.start();
            // the sandbox serves sandbox-org only and answers any other organization as Adobe's SDK tests saw it: 400 on
            // a cold start, then 500 "Oops" (the preflight's call may be the first or not: the idle probe may come first)
            try (ServiceProcess service = ServiceProcess.start(sandbox.port(), data, List.of(
                    "--acs.base-url=http://127.0.0.1:" + sandbox.port() + "/another-org/campaign/"), Map.of())) {
                Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                    JsonNode preflight = HealthJson.check(new ObjectMapper().readTree(service.get("/actuator/health", true).body()),
                        "preflight");
                    assertThat(preflight.path("status").asText()).isEqualTo("DOWN");
                    assertThat(preflight.path("details").path("reason").asText()).startsWith("token, organization and "
                            + "profile resource: ACS refused the call; check acs.organization")
                            .containsAnyOf("answered HTTP 400: Bad Request", "answered HTTP 500: Oops");
                });
                Path dropped = data.resolve("inbox").resolve("waits.csv");
                Files.writeString(dropped, "email,orgUnit\nalice.martin@example.com,brand1\n");
                Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(dropped));
                assertThat(service.get("/actuator/health/readiness", false).statusCode()).isEqualTo(503);
            }
        }
    }
}
