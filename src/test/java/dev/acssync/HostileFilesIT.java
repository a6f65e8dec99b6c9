package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Files dropped by someone who means harm: nothing outside the inbox is read, outputs stay private, logs unforged. */
@ExtendWith(OutputCaptureExtension.class)
class HostileFilesIT extends SyncTestBase {

    @Test
    void aSymbolicLinkIsRefusedUnreadAndItsTargetNeverCopied() throws Exception {
        Path secret = Files.writeString(Files.createTempFile("not-for-the-inbox", ".csv"),
                "email,orgUnit\nsecret.person@example.com,brand1\n");
        String name = "link-" + System.nanoTime() + ".csv";
        var done = fileDone(name);
        Files.createSymbolicLink(DATA.resolve("inbox").resolve(name), secret);

        JsonNode report = awaitReport(done, name);

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains(name).contains("symbolic link");
        assertThat(report.path("records").asInt()).isZero();
        assertThat(deadLetters(name)).isEmpty();
        assertThat(Files.isSymbolicLink(DATA.resolve("failed").resolve(name))).as("the link itself moved, unread").isTrue();
        assertThat(requests("GET profileByEmail 200")).isZero();
    }

    @Test
    void aHardLinkToAFileKeptElsewhereIsRefusedToo() throws Exception {
        Path elsewhere = Files.writeString(DATA.resolve("kept-elsewhere-" + System.nanoTime() + ".csv"),
                "email,orgUnit\nalice.martin@example.com,brand1\n");
        String name = "hardlink-" + System.nanoTime() + ".csv";
        var done = fileDone(name);
        Files.createLink(DATA.resolve("inbox").resolve(name), elsewhere);

        JsonNode report = awaitReport(done, name);

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains("hard links");
        assertThat(orgUnitsByEmail()).containsEntry("alice.martin@example.com", "all");
    }

    @Test
    void outputsAreNotReadableByOtherUsers() throws Exception {
        String name = "private-" + System.nanoTime() + ".csv";
        dropAndAwaitReport(name, "email,orgUnit\nbob.dupont@example.com,brand2\nnobody@example.com,brand2\n");

        for (Path output : new Path[] {DATA.resolve("reports").resolve(name + ".report.json"),
                DATA.resolve("dead-letter").resolve(name + ".dead-letter.jsonl")}) {
            assertThat(Files.getPosixFilePermissions(output)).as(output.toString())
                    .doesNotContain(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        }
        for (String folder : new String[] {"reports", "dead-letter", "processed", "failed", "inbox"}) {
            assertThat(Files.getPosixFilePermissions(DATA.resolve(folder), LinkOption.NOFOLLOW_LINKS)).as(folder)
                    .doesNotContain(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE,
                            PosixFilePermission.OTHERS_WRITE);
        }
    }

    @Test
    void aFileNameCannotForgeLogLines(CapturedOutput output) throws Exception {
        String forged = "2026-11-30T00:00:00.000Z  INFO 1 --- [main] dev.acssync.Forged : all records updated";
        String name = "evil-" + System.nanoTime() + "\n" + forged + "\u001b[2K.csv";

        dropAndAwaitReport(name, "email,orgUnit\ncarla.rossi@example.com,brand3\n");

        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith(forged));
        assertThat(output.getAll()).contains("\\n" + forged + "\\u001b[2K.csv").doesNotContain("\u001b");
    }

    @Test
    void aNameTheFileConsumerCannotHandleWaitsWithItsReasonInTheLogAndInHealth(CapturedOutput output) throws Exception {
        String name = "a\\b-" + System.nanoTime() + ".csv";
        Path file = Files.writeString(DATA.resolve("inbox").resolve(name), "email,orgUnit\ncarla.rossi@example.com,brand3\n");
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> output.getAll().contains("waits in the inbox"));
            assertThat(output.getAll()).contains(name).contains("backslash");
            JsonNode health = JSON.readTree(consoleGet("/actuator/health").body());
            assertThat(HealthJson.check(health, "dataFolders").path("details").path("filesWaiting").path(name).asText())
                    .contains("backslash").contains("rename it");
            assertThat(Files.exists(file)).as("left as it is, not lost").isTrue();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
