package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An output that cannot be written (here the dead-letter folder replaced by a plain file mid-run, which fails every
 * write whatever the user, root included, as a full disk does) never lets a run complete: the run stops taking
 * records, the file stays in the inbox, health says why and no new file is taken; once the folder is back the run goes
 * on from its checkpoint, each record counted once and each dead letter on disk once. (A real full disk, on a small
 * tmpfs: DiskFullIT.)
 */
class OutputFailuresIT extends SyncTestBase {
    private static final String[] EMAILS = {"alice.martin@example.com", "bob.dupont@example.com", "carla.rossi@example.com",
        "emma.jones@example.com", "grace.lee@example.com"};

    @Test
    void aDeadLetterThatCannotBeWrittenStopsTheRunTheFileStaysAndTheRunGoesOnOnceItCanBe() throws Exception {
        String name = "unwritable-" + System.nanoTime() + ".csv";
        StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
        for (int i = 0; i < 120; i++) {
            // every other record names a unit that does not exist: a dead letter, with no ACS call
            csv.append(pkeyOf(EMAILS[i % EMAILS.length])).append(i % 2 == 0 ? ",brand1\n" : ",no-such-unit\n");
        }
        Path deadLetters = DATA.resolve("dead-letter");
        Path moved = DATA.resolve("dead-letter-away-" + System.nanoTime());
        Path inbox = DATA.resolve("inbox").resolve(name);
        Path other = DATA.resolve("inbox").resolve("waiting-" + name);
        Files.writeString(DATA.resolve(name + ".tmp"), csv);
        Files.move(DATA.resolve(name + ".tmp"), inbox);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(name).size() >= 5);
            // mid-run, the folder cannot be written any more
            Files.move(deadLetters, moved);
            Files.writeString(deadLetters, "not a folder");

            JsonNode stopped = awaitOutputFailure(name);
            assertThat(stopped.path("status").asText()).isEqualTo("RUNNING");
            assertThat(stopped.path("outputFailure").asText()).contains(name).contains("dead-letter");
            assertThat(Files.exists(inbox)).as("the file stays in the inbox").isTrue();
            assertThat(Files.exists(DATA.resolve("processed").resolve(name))).isFalse();
            JsonNode health = HealthJson.check(JSON.readTree(consoleGet("/actuator/health").body()), "outputs");
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("details").path("folder").asText()).isEqualTo(deadLetters.toString());
            assertThat(health.path("details").path("free").asText()).endsWith("MB");
            // the records already in flight when it stopped finish; after them, nothing is sent
            Thread.sleep(2_000);
            long patchesWhileStopped = requests("PATCH profile 200");
            // no new file is taken meanwhile
            Files.writeString(other, "email,orgUnit\nhugo.bernard@example.com,brand2\n");
            Thread.sleep(3_000);
            assertThat(Files.exists(other)).as("no new file taken while outputs cannot be written").isTrue();
            assertThat(requests("PATCH profile 200")).as("the stopped run sends nothing").isEqualTo(patchesWhileStopped);
        } finally {
            // the folder is back
            Files.deleteIfExists(deadLetters);
            if (Files.exists(moved)) {
                Files.move(moved, deadLetters);
            }
            // (whatever happened above, the run ends before the next test, which shares the sandbox's profiles)
            awaitFinishedReport(name, Duration.ofSeconds(60));
        }

        JsonNode report = awaitFinishedReport(name, Duration.ofSeconds(60));
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).as("each record counted once").isEqualTo(120);
        assertThat(report.path("deadLettered").asInt()).isEqualTo(60);
        assertThat(report.path("resumed").path("recordsBefore").asLong()).isPositive();
        List<JsonNode> lines = deadLetters(name);
        assertThat(lines).as("each dead letter on disk once").hasSize(60);
        assertThat(lines.stream().map(l -> l.path("line").asInt()).distinct()).hasSize(60);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DATA.resolve("processed").resolve(name))
                && Files.exists(DATA.resolve("processed").resolve("waiting-" + name)));
        assertThat(HealthJson.check(JSON.readTree(consoleGet("/actuator/health").body()), "outputs").path("status")
                .asText()).isEqualTo("UP");
    }

    private static JsonNode awaitOutputFailure(String name) {
        JsonNode[] report = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                report[0] = latestReport(name);
                return report[0].has("outputFailure");
            } catch (AssertionError notYet) {
                return false;
            }
        });
        return report[0];
    }
}
