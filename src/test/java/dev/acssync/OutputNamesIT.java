package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every accepted file gets outputs of its own, whatever its name and wherever it came from. */
class OutputNamesIT extends SyncTestBase {

    private static String nameOfBytes(int bytes) {
        String tail = "-" + System.nanoTime() + ".csv";
        return "n".repeat(bytes - tail.length()) + tail;
    }

    @Test
    void namesUpToTheFileSystemLimitAreProcessedWithAllTheirOutputs() throws Exception {
        for (int length : new int[] {238, 245, 246, 255}) {
            String name = nameOfBytes(length);
            JsonNode report = dropAndAwaitReport(name, "email,orgUnit\nhugo.bernard@example.com,uk\nnot-an-email,uk\n");

            assertThat(report.path("source").asText()).as(length + " bytes").isEqualTo(name);
            assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
            // the same row each time: updated the first time, then already in its unit
            assertThat(report.path("updated").asInt() + report.path("unchanged").asInt()).isEqualTo(1);
            String outputName = report.path("outputName").asText();
            assertThat(Files.exists(DATA.resolve("dead-letter").resolve(outputName + ".dead-letter.jsonl"))).isTrue();
            assertThat(Files.exists(DATA.resolve("processed").resolve(name))).isTrue();
        }
    }

    @Test
    void theSameNameFromTwoSourcesOrTwiceGetsSeparateOutputs() throws Exception {
        String name = "same-" + System.nanoTime() + ".csv";
        SFTP.upload(name, "email,orgUnit\nivan.petrov@example.com,japan\nbad-row,japan\n");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(SFTP.root.resolve("inbox/processed").resolve(name)));
        JsonNode first = report(name);
        JsonNode second = dropAndAwaitReport(name, "email,orgUnit\njulia.schmidt@example.com,canada\nworse-row,canada\n");
        JsonNode third = dropAndAwaitReport(name, "email,orgUnit\njulia.schmidt@example.com,mexico\n");

        assertThat(first.path("channel").asText()).isEqualTo("sftp");
        assertThat(first.path("outputName").asText()).isEqualTo(name);
        assertThat(second.path("outputName").asText()).isEqualTo(name + "~2");
        assertThat(third.path("outputName").asText()).isEqualTo(name + "~3");
        assertThat(deadLetters(name)).extracting(d -> d.path("record").path("email").asText()).containsExactly("bad-row");
        assertThat(deadLetters(name + "~2")).extracting(d -> d.path("record").path("email").asText()).containsExactly("worse-row");
        assertThat(report(name).path("updated").asInt()).as("the first report is not replaced").isEqualTo(1);
    }
}
