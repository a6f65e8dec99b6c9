package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.sandbox.AcsSandbox;
import dev.acssync.sandbox.SandboxSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real full disk: the service's data folder on a 3 MB tmpfs this test mounts (so only when the tests run as root,
 * as in CI; skipped with a notice otherwise), the broker's journal elsewhere (Artemis preallocates 10 MB files). A
 * file of 20,000 records, 16,000 of them dead letters (about 4 MB of them): the disk fills mid-run. The run must stop
 * with its file in the inbox and health saying why, then, once the file system is made larger, go on from its
 * checkpoint to a complete report with every dead letter on disk exactly once.
 */
class DiskFullIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 20_000;

    @Test
    void aFullDiskStopsTheRunAndOnceThereIsRoomAgainEveryDeadLetterIsOnDiskOnce() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            System.out.println("NOTICE: DiskFullIT skipped: mounting a small tmpfs needs root (CI runs as root)");
        }
        Assumptions.assumeTrue(root, "mounting a tmpfs needs root");
        Path mount = Files.createTempDirectory("acs-sync-small-disk");
        Path elsewhere = Files.createTempDirectory("acs-sync-disk-full");
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.toString()) == 0,
                "cannot mount a tmpfs here");
        AcsSandbox sandbox = null;
        ServiceProcess service = null;
        try {
            sandbox = new AcsSandbox(SandboxSettings.fromArgs(new String[] {"--port=" + freePort(),
                "--synthetic-profiles=" + RECORDS / 5, "--synthetic-units=2"}));
            sandbox.start();
            Path data = mount.resolve("data");
            // no rate limit: the point is the disk, and 4,000 PATCHes at the shipped 10/s would take 7 minutes
            service = ServiceProcess.start(sandbox.port(), data, elsewhere.resolve("service.log"), List.of(
                    "--spring.artemis.embedded.data-directory=" + elsewhere.resolve("artemis"),
                    "--acs.rate-limit.requests-per-second=0"), Map.of());
            String name = "big-" + System.nanoTime() + ".csv";
            StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
            for (int i = 1; i <= RECORDS; i++) {
                String email = String.format(Locale.ROOT, "user%07d@synthetic.example", (i + 4) / 5);
                csv.append('@').append(Base64.getUrlEncoder().withoutPadding().encodeToString(("profile/" + email)
                        .getBytes(StandardCharsets.UTF_8))).append(i % 5 == 0 ? ",unit-00001\n" : ",no-such-unit\n");
            }
            Path staging = Files.writeString(elsewhere.resolve(name), csv);
            Files.move(staging, data.resolve("inbox").resolve(name));

            ServiceProcess running = service;
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                    HealthJson.check(health(running), "outputs").path("status").asText().equals("DOWN"));
            JsonNode outputs = HealthJson.check(health(service), "outputs").path("details");
            assertThat(outputs.path("folder").asText()).startsWith(data.toString());
            assertThat(outputs.path("free").asText()).endsWith("MB");
            assertThat(HealthJson.check(health(service), "dataFolders").path("status").asText())
                    .as("under sync.min-free-space-mb").isEqualTo("DOWN");
            Thread.sleep(2_000);
            assertThat(Files.exists(data.resolve("inbox").resolve(name))).as("the file stays in the inbox").isTrue();
            assertThat(Files.exists(data.resolve("processed").resolve(name))).isFalse();
            assertThat(Files.readString(data.resolve("reports").resolve(name + ".report.json"))).contains("\"RUNNING\"");

            // room again
            assertThat(run("mount", "-o", "remount,size=200m", mount.toString())).isZero();
            Path report = data.resolve("reports").resolve(name + ".report.json");
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    Files.exists(data.resolve("processed").resolve(name)) && Files.readString(report).contains("\"COMPLETED\""));
            JsonNode done = JSON.readTree(report.toFile());
            assertThat(done.path("records").asInt()).as("each record counted once").isEqualTo(RECORDS);
            assertThat(done.path("deadLettered").asInt()).isEqualTo(RECORDS / 5 * 4);
            assertThat(done.path("resumed").path("recordsBefore").asLong()).isPositive();
            List<String> lines = Files.readAllLines(data.resolve("dead-letter").resolve(name + ".dead-letter.jsonl"));
            Set<Integer> seen = new HashSet<>();
            for (String line : lines) {
                assertThat(seen.add(JSON.readTree(line).path("line").asInt())).as("no dead letter twice: " + line).isTrue();
            }
            assertThat(lines).as("every dead letter on disk, once").hasSize(RECORDS / 5 * 4);
        } finally {
            if (service != null) {
                service.close();
                service.process.waitFor(30, TimeUnit.SECONDS);
            }
            if (sandbox != null) {
                sandbox.close();
            }
            run("umount", "-l", mount.toString());
        }
    }

    private static JsonNode health(ServiceProcess service) throws IOException {
        return JSON.readTree(service.get("/actuator/health", true).body());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
