package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile or broken input: each case gets a clear, specific reason and nothing else is lost. */
class BadInputIT extends SyncTestBase {

    @Test
    void anEmptyFileFailsWithAClearReasonAndAHeaderOnlyFileCompletesEmpty() throws Exception {
        String empty = "empty-" + System.nanoTime() + ".csv";
        JsonNode emptyReport = dropAndAwaitReport(empty, "");
        assertThat(emptyReport.path("status").asText()).isEqualTo("FAILED");
        assertThat(emptyReport.path("error").asText()).contains(empty).contains("empty file");
        // the sentence meant for the user, not Camel's wrapping of the bean call
        assertThat(emptyReport.path("error").asText()).startsWith(empty + ": ").doesNotContain("Failed to invoke method")
                .doesNotContain("Exception");

        String headerOnly = "header-only-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(headerOnly, "email,orgUnit\r\n");
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).isZero();
        assertThat(Files.exists(DATA.resolve("processed").resolve(headerOnly))).isTrue();
    }

    @Test
    void aWrongDelimiterNamesTheColumnsItFound() throws Exception {
        // '|' is none of the delimiters the rule knows (',' ';' tab): the header is one column
        String name = "pipes-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(name, "email|orgUnit\nalice.martin@example.com|brand1\n");
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains("orgUnit").contains("(delimiter ','); found: [email|orgUnit]");
    }

    @Test
    void invalidUtf8StopsTheFileWithThePositionAndKeepsEarlierOutcomes() throws Exception {
        String name = "latin1-" + System.nanoTime() + ".csv";
        byte[] head = "email,orgUnit\nalice.martin@example.com,brand2\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "bob.dupont@example.com,fran\u00e7e\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = new byte[head.length + bad.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(bad, 0, content, head.length, bad.length);

        JsonNode report = dropAndAwaitReport(name, content);

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains(name).contains("not valid UTF-8");
        assertThat(Files.exists(DATA.resolve("failed").resolve(name))).isTrue();
        assertThat(report.path("records").asInt()).isEqualTo(report.path("updated").asInt() + report.path("deadLettered").asInt());
        assertThat(orgUnitsByEmail()).containsEntry("bob.dupont@example.com", "all");
    }

    @Test
    void pkeysThatCouldChangeTheRequestPathAreRejectedBeforeAnyCall() throws Exception {
        String name = "paths-" + System.nanoTime() + ".csv";
        String csv = "pkey,orgUnit\n"
                + "@abc/../../orgUnitBase,brand1\n"
                + "\"@abc?x=1\",brand1\n"
                + "@abc#frag,brand1\n"
                + "\"@abc def\",brand1\n"
                + "../profile,brand1\n";

        JsonNode report = dropAndAwaitReport(name, csv);

        assertThat(report.path("records").asInt()).isEqualTo(5);
        assertThat(report.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(5);
        assertThat(deadLetters(name)).allSatisfy(d -> assertThat(d.path("detail").asText()).contains("is not an ACS PKey"));
        assertThat(sandbox("GET", "/sandbox/stats", "").path("requests").toString()).doesNotContain("profile");
    }

    @Test
    void duplicateRowsLongLinesAndOddFileNamesAreAllAccountedFor() throws Exception {
        String name = "odd name ü $(rm -rf x) & ;'" + System.nanoTime() + ".csv";
        String huge = "x".repeat(10 * 1024 * 1024);
        String csv = "email,orgUnit\n"
                + "carla.rossi@example.com,benelux\n"
                + "carla.rossi@example.com,benelux\n"
                + huge + "@example.com,benelux\n";

        JsonNode report = dropAndAwaitReport(name, csv);

        assertThat(report.path("source").asText()).isEqualTo(name);
        assertThat(report.path("records").asInt()).isEqualTo(3);
        // the duplicate row: updated too, or unchanged when looked up after the first one moved the profile
        assertThat(report.path("updated").asInt() + report.path("unchanged").asInt()).isEqualTo(2);
        assertThat(report.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(1);
        assertThat(orgUnitsByEmail()).containsEntry("carla.rossi@example.com", "benelux");
        assertThat(Files.exists(DATA.resolve("processed").resolve(name))).isTrue();
        // the 10 MB line is not copied whole: its dead letter says how long it was
        JsonNode dead = deadLetters(name).get(0);
        assertThat(dead.path("truncated").path("email").asInt()).isEqualTo(huge.length() + "@example.com".length());
        assertThat(dead.path("record").path("email").asText()).hasSize(1001);
        assertThat(Files.size(DATA.resolve("dead-letter").resolve(name + ".dead-letter.jsonl"))).isLessThan(5_000);
    }

    @Test
    void aShortenedDeadLetterDroppedBackForReplayIsNotSentAsIfComplete() throws Exception {
        String name = "long-" + System.nanoTime() + ".csv";
        dropAndAwaitReport(name, "email,orgUnit,comment\nnot-an-email,brand1," + "c".repeat(5000) + "\n");
        String deadLetter = Files.readString(DATA.resolve("dead-letter").resolve(name + ".dead-letter.jsonl"));

        JsonNode replay = dropAndAwaitReport("replay-" + name + ".jsonl", deadLetter);

        assertThat(replay.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(1);
        assertThat(deadLetters("replay-" + name + ".jsonl").get(0).path("detail").asText())
                .contains("shortened in its dead letter").contains("comment");
    }

    @Test
    void duplicateKeysInAJsonRecordAreNotResolvedByGuessing() throws Exception {
        String lines = "lines-" + System.nanoTime() + ".jsonl";
        JsonNode report = dropAndAwaitReport(lines, "{\"email\":\"alice.martin@example.com\",\"orgUnit\":\"brand1\",\"orgUnit\":\"brand2\"}\n"
                + "{\"email\":\"bob.dupont@example.com\",\"orgUnit\":\"brand3\"}\n");
        assertThat(report.path("updated").asInt()).isEqualTo(1);
        JsonNode dead = deadLetters(lines).get(0);
        assertThat(dead.path("reason").asText()).isEqualTo("INVALID_RECORD");
        assertThat(dead.path("detail").asText()).contains("has the key 'orgUnit' twice");

        String array = "array-" + System.nanoTime() + ".json";
        JsonNode arrayReport = dropAndAwaitReport(array, "[{\"pkey\":\"@a\",\"PKEY\":\"@b\",\"orgUnit\":\"brand1\",\"orgUnit\":\"x\"},"
                + "{\"email\":\"carla.rossi@example.com\",\"orgUnit\":\"brand4\"}]");
        assertThat(arrayReport.path("records").asInt()).isEqualTo(2);
        assertThat(arrayReport.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(1);
        assertThat(orgUnitsByEmail()).containsEntry("alice.martin@example.com", "all").containsEntry("carla.rossi@example.com", "brand4");
    }

    @Test
    void aRepeatedCsvColumnFailsTheFileNamingIt() throws Exception {
        String exact = "dup-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(exact, "email,orgUnit,orgUnit\nalice.martin@example.com,brand1,brand2\n");
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains("'orgUnit' twice (columns 2 and 3)");

        String ignoringCase = "dup-case-" + System.nanoTime() + ".csv";
        JsonNode caseReport = dropAndAwaitReport(ignoringCase, "Email;orgUnit;EMAIL\nalice.martin@example.com;brand1;bob.dupont@example.com\n");
        assertThat(caseReport.path("error").asText()).contains("'Email' twice (columns 1 and 3)");
        assertThat(requests("GET profileByEmail 200")).isZero();
    }

    @Test
    void aHeaderLongerThanTheLimitSaysSo() throws Exception {
        String name = "wide-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(name, "email,orgUnit," + "x".repeat(2 * 1024 * 1024) + "\nalice.martin@example.com,brand1,y\n");
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains("header line longer than 1048576 characters");
    }

    @Test
    void aFileStillBeingWrittenIsReadOnlyOnceComplete() throws Exception {
        String name = "slow-writer-" + System.nanoTime() + ".csv";
        NotifyBuilder done = fileDone(name);
        Path target = DATA.resolve("inbox").resolve(name);
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write("email,orgUnit\n".getBytes(StandardCharsets.UTF_8));
            for (String email : new String[] {"david.smith@example.com", "emma.jones@example.com", "grace.lee@example.com"}) {
                out.flush();
                TimeUnit.MILLISECONDS.sleep(300); // less than the read lock's minimum age (sync.file.read-lock-min-age-ms, 500 ms)
                out.write((email + ",wholesale\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(awaitReport(done, name).path("updated").asInt()).isEqualTo(3);
    }
}
