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
 * A service started with a client secret IMS refuses and an SFTP server that cannot be reached: health says so at
 * once (from the start-up directory load), readiness is 503, no file has to arrive for anyone to find out, and the
 * log says it in a few lines, without stack traces.
 */
class WrongCredentialsAtStartIT {

    @Test
    void healthIsDownWithTheReasonAndReadinessRefusesTrafficRightAfterStart() throws Exception {
        Path data = Files.createTempDirectory("acs-sync-wrong-secret");
        try (AcsSandbox sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(ServiceProcess.freePort()))) {
            sandbox.start();
            int nobodyListens = ServiceProcess.freePort();
            try (ServiceProcess service = ServiceProcess.start(sandbox.port(), data, List.of(
                    "--sync.sftp.enabled=true", "--sync.sftp.port=" + nobodyListens, "--sync.sftp.cron=0/2 * * * * ?"),
                    Map.of("ACS_CLIENT_SECRET", "not-the-secret"))) {
                // started: Camel up, the start-up directory load done (it fails)
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(service.get("/actuator/health/liveness", false).statusCode()).isEqualTo(200));
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode acs = new ObjectMapper().readTree(service.get("/actuator/health", true).body())
                            .path("components").path("acsAvailability");
                    assertThat(acs.path("status").asText()).isEqualTo("DOWN");
                    assertThat(acs.path("details").path("reason").asText()).startsWith("credentials refused").contains("401");
                });
                assertThat(service.get("/actuator/health/readiness", false).statusCode()).isEqualTo(503);

                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        Files.readString(data.resolve("service.log")).contains("Failed polling endpoint"));
                String log = Files.readString(data.resolve("service.log"));
                assertThat(log).doesNotContain("Error auto creating directory").doesNotContain("\tat ")
                        .doesNotContain("not-the-secret");
            }
        }
    }
}
