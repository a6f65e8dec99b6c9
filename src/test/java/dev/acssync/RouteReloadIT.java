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
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engineer edits a route file while the service runs (the default, sandbox configuration reloads routes): a saved
 * edit applies within seconds; a broken one is refused, naming its file and line, and the routes keep working.
 * On a copy of routes/, in a service of its own.
 */
class RouteReloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DESCRIPTION = "/actuator/jolokia/read/org.apache.camel:context=acs-orgunit-sync,type=routes,"
            + "name=%22file-inbox%22/Description";

    @Test
    void aSavedEditAppliesAndABrokenOneIsRefusedWhileTheRoutesKeepRunning() throws Exception {
        Path work = Files.createTempDirectory("acs-sync-reload");
        Path routes = work.resolve("routes");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        Path data = Files.createDirectories(work.resolve("data"));
        try (AcsSandbox sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(ServiceProcess.freePort()))) {
            sandbox.start();
            try (ServiceProcess service = ServiceProcess.start(sandbox.port(), data, List.of("--sync.jms.enabled=false",
                    "--logging.level.org.apache.camel.support=INFO",
                    "--camel.main.routes-include-pattern=file:" + routes + "/**/*.camel.yaml",
                    "--camel.main.routes-reload-directory=" + routes), Map.of())) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        service.get("/actuator/health/readiness", false).statusCode() == 200);
                assertThat(description(service)).startsWith("Watch the inbox");

                Path inbox = routes.resolve("sources/file-inbox.camel.yaml");
                Files.writeString(inbox, Files.readString(inbox).replace("Watch the inbox; each stable file", "Watch the edited inbox; each file"));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> description(service).startsWith("Watch the edited inbox"));

                Path outputs = routes.resolve("pipeline/file-outputs.camel.yaml");
                Files.writeString(outputs, Files.readString(outputs).replace("            id: dead-letter-or-dry-run\n",
                        "            id: dead-letter-or-dry-run\n            notAnOption: 12\n"));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        Files.readString(data.resolve("service.log")).contains("Error reloading routes"));
                assertThat(Files.readString(data.resolve("service.log"))).contains("file-outputs.camel.yaml, line ")
                        .contains("notAnOption");

                // the routes that were running still run: a file goes through, dead letters and all
                Files.writeString(data.resolve("inbox/reload.csv"), "email,orgUnit\nalice.martin@example.com,brand2\nnobody,brand2\n");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(data.resolve("processed/reload.csv")));
                JsonNode report = JSON.readTree(data.resolve("reports/reload.csv.report.json").toFile());
                assertThat(report.path("updated").asInt()).isEqualTo(1);
                assertThat(report.path("deadLettered").asInt()).isEqualTo(1);
                assertThat(Files.readString(data.resolve("dead-letter/reload.csv.dead-letter.jsonl"))).contains("INVALID_RECORD");
            }
        }
    }

    private static String description(ServiceProcess service) throws Exception {
        return JSON.readTree(service.get(DESCRIPTION, true).body()).path("value").asText("");
    }
}
