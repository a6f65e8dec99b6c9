package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A file uploaded to the SFTP server (key authentication, verified host key) goes through the same pipeline. */
@ExtendWith(OutputCaptureExtension.class)
class SftpSourceIT extends SyncTestBase {

    @AfterEach
    void trustTheServerAgain() throws Exception {
        SFTP.trustServerKey();
    }

    @Test
    void anUploadedFileIsProcessedAndMovedOnTheServer() throws Exception {
        String name = "remote-" + System.nanoTime() + ".csv";
        SFTP.upload(name, "email,orgUnit\nemma.jones@example.com,australia\nnobody@example.com,australia\n");

        Path processed = SFTP.root.resolve("inbox/processed").resolve(name);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(processed));

        assertThat(Files.exists(SFTP.root.resolve("inbox").resolve(name))).isFalse();
        assertThat(orgUnitsByEmail()).containsEntry("emma.jones@example.com", "australia");
        JsonNode report = awaitFinishedReport(name, Duration.ofSeconds(10));
        assertThat(report.path("source").asText()).isEqualTo(name);
        assertThat(report.path("updated").asInt()).isEqualTo(1);
        assertThat(deadLetters(name)).extracting(d -> d.path("reason").asText()).containsExactly("PROFILE_NOT_FOUND");
    }

    @Test
    void aServerWhoseHostKeyIsNotKnownIsRefusedAndItsFilesAreLeftAlone(CapturedOutput output) throws Exception {
        SFTP.trustAnotherKey();
        // the next polls (one a second) fail to connect; the health check reports the consumer DOWN
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> org.apache.camel.health.HealthCheckHelper.invoke(camel).stream()
                        .anyMatch(r -> r.getCheck().getId().contains("sftp-inbox") && r.getState() == org.apache.camel.health.HealthCheck.State.DOWN));
        String name = "untrusted-" + System.nanoTime() + ".csv";
        Path uploaded = SFTP.upload(name, "email,orgUnit\nfarid.haddad@example.com,india\n");

        // three more polls (one a second) leave the file alone, and nothing is changed at ACS
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(uploaded)
                && "all".equals(orgUnitsByEmail().get("farid.haddad@example.com")));

        // files and JMS still work: readiness stays UP, the login's health details show the SFTP source DOWN
        HttpResponse<String> readiness = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        String details = consoleGet("/actuator/health").body();
        assertThat(JSON.readTree(details).path("components").path("camelHealth").path("status").asText()).isEqualTo("DOWN");
        assertThat(details).contains("sftp-inbox");

        // each failed poll is one warning line naming the server and the cause, with no stack trace
        List<String> failures = output.getAll().lines().filter(l -> l.contains("Failed polling endpoint")).toList();
        assertThat(failures).hasSizeGreaterThanOrEqualTo(2).allSatisfy(l -> assertThat(l)
                .contains(" WARN ").contains("sftp://127.0.0.1:" + SFTP.port + "/inbox").doesNotContain("?"));
        assertThat(output.getAll().lines().filter(l -> l.startsWith("\tat ")).count()).as("stack trace lines").isZero();

        SFTP.trustServerKey();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(SFTP.root.resolve("inbox/processed").resolve(name)));
        assertThat(orgUnitsByEmail()).containsEntry("farid.haddad@example.com", "india");
    }
}
