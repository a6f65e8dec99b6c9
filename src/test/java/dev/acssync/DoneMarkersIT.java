package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.sandbox.AcsSandbox;
import dev.acssync.sandbox.SandboxSettings;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A producer that can neither rename nor keep writing within the quiet period: with done markers on (opt-in,
 * sync.file.done-file-name, as the docs show it), a file written in place with a long pause is not taken until its
 * marker exists, then runs whole, and the marker goes with it.
 */
class DoneMarkersIT {

    @Test
    void aFileWaitsForItsDoneMarkerThenRunsWholeAndTheMarkerGoes() throws Exception {
        AcsSandbox sandbox = new AcsSandbox(SandboxSettings.fromArgs(new String[] {"--port=" + freePort()}));
        sandbox.start();
        Path data = Files.createTempDirectory("acs-sync-done-markers");
        // the setting as docs/sources.md writes it (the backslash keeps Spring from reading ${file:name})
        try (ServiceProcess service = ServiceProcess.start(sandbox.port(), data,
                List.of("--sync.jms.enabled=false", "--sync.file.done-file-name=\\${file:name}.done"), Map.of())) {
            String name = "marked-" + System.nanoTime() + ".csv";
            Path file = data.resolve("inbox").resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write("email,orgUnit\nalice.martin@example.com,brand2\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // a pause longer than the quiet period: without a marker the file would be taken as it is
                Thread.sleep(7_000);
                assertThat(Files.exists(file)).as("not taken before its marker").isTrue();
                assertThat(Files.exists(data.resolve("reports").resolve(name + ".report.json"))).isFalse();
                out.write("bob.dupont@example.com,brand3\n".getBytes(StandardCharsets.UTF_8));
            }
            Files.writeString(data.resolve("inbox").resolve(name + ".done"), "");

            Path report = data.resolve("reports").resolve(name + ".report.json");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(data.resolve("processed").resolve(name))
                    && Files.readString(report).contains("\"COMPLETED\""));
            JsonNode done = new ObjectMapper().readTree(report.toFile());
            assertThat(done.path("records").asInt()).isEqualTo(2);
            assertThat(done.path("updated").asInt()).isEqualTo(2);
            assertThat(Files.exists(data.resolve("inbox").resolve(name + ".done"))).as("the marker goes with its file").isFalse();
            assertThat(Files.exists(data.resolve("failed").resolve(name + ".done"))).as("never taken as a file").isFalse();
        } finally {
            sandbox.close();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
