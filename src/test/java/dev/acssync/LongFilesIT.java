package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.NotifyBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long files, with the shipped settings, against the sandbox over real HTTP: no PATCH for a profile already in its
 * unit, the progress of a running file (atomic rewrites, JMX), and the early stop of a file wrong as a whole.
 */
class LongFilesIT extends SyncTestBase {

    @Test
    void droppingTheExampleTwiceSendsNoPatchForItsEmailRowsTheSecondTime() throws Exception {
        String example = Files.readString(Path.of("examples/profiles.csv"));
        JsonNode first = dropAndAwaitReport("profiles.csv", example);
        long patchesBefore = requests("PATCH profile 200");
        long lookupsBefore = requests("GET profileByEmail 200");

        JsonNode second = dropAndAwaitReport("profiles.csv", example);

        assertThat(first.path("updated").asInt()).isEqualTo(5);
        assertThat(second.path("unchanged").asInt()).as("alice, bob, carla: byEmail shows them in their unit").isEqualTo(3);
        assertThat(second.path("updated").asInt()).as("the two pkey rows are PATCHed (no check-first by default)").isEqualTo(2);
        assertThat(second.path("updated").asInt() + second.path("unchanged").asInt() + second.path("deadLettered").asInt())
                .isEqualTo(second.path("records").asInt()).isEqualTo(9);
        assertThat(requests("PATCH profile 200") - patchesBefore).as("no PATCH for an email row").isEqualTo(2);
        assertThat(requests("GET profileByEmail 200") - lookupsBefore).isEqualTo(first.path("records").asInt() - 4);
        assertThat(consoleGet("/actuator/prometheus").body())
                .contains("sync_records_total{channel=\"file\",reason=\"none\",status=\"UNCHANGED\"}");
    }

    @Test
    void aRunningFileShowsItsProgressInItsReportAndInJmx() throws Exception {
        faults("{\"latencyMs\": 50}");
        StringBuilder file = new StringBuilder("pkey,orgUnit\n");
        String[] people = {"alice.martin@example.com", "bob.dupont@example.com", "carla.rossi@example.com"};
        for (int i = 0; i < 120; i++) {
            file.append(pkeyOf(people[i % 3])).append(",brand").append(1 + i % 4).append('\n');
        }
        String name = "progress-" + System.nanoTime() + ".csv";
        Path report = DATA.resolve("reports").resolve(name + ".report.json");
        NotifyBuilder done = fileDone(name);
        Path staging = Files.createTempFile(DATA, "staging", ".tmp");
        Files.writeString(staging, file);
        Files.move(staging, DATA.resolve("inbox").resolve(name));

        // read as a monitoring script would, as often as it likes: every read is a whole report
        List<JsonNode> running = new ArrayList<>();
        List<String> inJmx = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (Files.exists(report)) {
                JsonNode read = JSON.readTree(report.toFile());
                if ("RUNNING".equals(read.path("status").asText()) && read.has("progress")) {
                    running.add(read);
                    for (JsonNode line : jolokia(VIEWER_LOGIN, "{\"type\":\"read\",\"mbean\":\"dev.acssync:name=runs\","
                            + "\"attribute\":\"Running\"}").path("value")) {
                        inJmx.add(line.asText());
                    }
                }
            }
            return done.matches();
        });

        assertThat(running).as("the report was rewritten with its progress while the file ran").hasSizeGreaterThan(1);
        JsonNode progress = running.get(running.size() - 1).path("progress");
        assertThat(progress.path("records").asLong()).isBetween(1L, 119L);
        assertThat(progress.path("fileBytes").asLong()).isEqualTo(file.length());
        assertThat(progress.path("percent").asDouble()).isBetween(0.1, 100.0);
        assertThat(progress.path("recordsPerSecond").asDouble()).isPositive();
        assertThat(progress.path("estimatedFinish").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(inJmx).anyMatch(line -> line.startsWith(name + ": ") && line.contains("records/s"));

        JsonNode end = awaitReport(done, name);
        assertThat(end.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(end.has("progress")).isFalse();
        assertThat(end.path("updated").asInt()).isEqualTo(120);
    }

    @Test
    void aFileWrongAsAWholeStopsAfterItsFirstHundredRecordsAndMovesToFailed() throws Exception {
        StringBuilder file = new StringBuilder("email,orgUnit\n");
        for (int i = 0; i < 200; i++) {
            file.append("someone-").append(i).append("@other-export.example,brand1\n");
        }
        String name = "wrong-export-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, file.toString());

        assertThat(Files.exists(DATA.resolve("failed").resolve(name))).isTrue();
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).startsWith("stopped early after 100 records: all of them ended as dead "
                + "letters that trying again cannot fix {PROFILE_NOT_FOUND=100}; is it the right file?")
                .contains("Reading stopped at record");
        long lookups = requests("GET profileByEmail 200");
        assertThat(lookups).as("no lookup after the stop but those already in flight").isLessThanOrEqualTo(100 + 16);
        assertThat(report.path("deadLettered").asLong()).isEqualTo(lookups);
        assertThat(deadLetters(name)).hasSize((int) lookups);
    }
}
