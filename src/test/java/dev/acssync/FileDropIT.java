package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end through the watched folder: record in, PATCH observed at the sandbox, report and dead letters out. */
class FileDropIT extends SyncTestBase {

    @Test
    void exampleFileUpdatesValidRowsAndDeadLettersTheRestWithReasons() throws Exception {
        String name = "mixed-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(name, Files.readString(Path.of("examples/profiles.csv")));

        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).isEqualTo(9);
        assertThat(report.path("updated").asInt()).isEqualTo(5);
        assertThat(report.path("deadLettered").asInt()).isEqualTo(4);
        assertThat(report.path("reasons").toString()).isEqualTo(
                "{\"INVALID_RECORD\":1,\"UNKNOWN_ORG_UNIT\":1,\"PROFILE_NOT_FOUND\":1,\"AMBIGUOUS_PROFILE\":1}");

        Map<String, String> units = orgUnitsByEmail();
        assertThat(units).containsEntry("alice.martin@example.com", "brand4")
                .containsEntry("bob.dupont@example.com", "france")
                .containsEntry("carla.rossi@example.com", "italy")
                .containsEntry("ivan.petrov@example.com", "germany")
                .containsEntry("julia.schmidt@example.com", "brand2")
                .containsEntry("david.smith@example.com", "all")
                .containsEntry("shared.mailbox@example.com", "all|all");

        assertThat(deadLetters(name)).extracting(d -> d.path("line").asInt() + " " + d.path("reason").asText())
                .containsExactlyInAnyOrder("6 UNKNOWN_ORG_UNIT", "7 PROFILE_NOT_FOUND", "8 AMBIGUOUS_PROFILE", "9 INVALID_RECORD");
        JsonNode unknownUnit = deadLetters(name).stream().filter(d -> d.path("line").asInt() == 6).findFirst().orElseThrow();
        assertThat(unknownUnit.path("source").asText()).isEqualTo(name);
        assertThat(unknownUnit.path("record").path("email").asText()).isEqualTo("david.smith@example.com");
        assertThat(unknownUnit.path("detail").asText()).contains("atlantis");
        // no profile call: at most the directory's reload (its 2 pages) when the last load is over a minute old
        assertThat(unknownUnit.path("attempts").asInt()).as("rejected before any profile call").isIn(0, 2);

        assertThat(Files.exists(DATA.resolve("processed").resolve(name))).isTrue();
        assertThat(Files.exists(DATA.resolve("inbox").resolve(name))).isFalse();
    }

    @Test
    void aDeadLetterFileDroppedBackIntoTheInboxIsReplayed() throws Exception {
        String name = "replay-" + System.nanoTime() + ".csv";
        dropAndAwaitReport(name, "email,orgUnit\nhugo.bernard@example.com,brand9\nnot-an-email,uk\n");
        Path deadLetters = DATA.resolve("dead-letter").resolve(name + ".dead-letter.jsonl");
        assertThat(Files.readAllLines(deadLetters)).hasSize(2);

        // the operator fixes the cause (here: the unit is brand4, not brand9) and drops the dead letters back
        String fixed = Files.readString(deadLetters).replace("brand9", "brand4");
        JsonNode replay = dropAndAwaitReport(name + ".dead-letter.jsonl", fixed);

        assertThat(replay.path("records").asInt()).isEqualTo(2);
        assertThat(replay.path("updated").asInt()).isEqualTo(1);
        assertThat(replay.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(1);
        assertThat(orgUnitsByEmail()).containsEntry("hugo.bernard@example.com", "brand4");
    }

    @Test
    void aDryRunFileChecksEverythingAndPatchesNothing() throws Exception {
        String name = "preview-" + System.nanoTime() + ".dry-run.csv";
        JsonNode report = dropAndAwaitReport(name, "email,orgUnit\ngrace.lee@example.com,press\nnobody@example.com,press\n");

        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("updated").asInt()).as("would be updated").isEqualTo(1);
        assertThat(report.path("reasons").path("PROFILE_NOT_FOUND").asInt()).isEqualTo(1);
        assertThat(requests("PATCH profile 200")).isZero();
        assertThat(requests("GET profileByEmail 200")).isEqualTo(2);
        assertThat(orgUnitsByEmail()).containsEntry("grace.lee@example.com", "all");
        JsonNode wouldChange = JSON.readTree(Files.readAllLines(DATA.resolve("reports").resolve(name + ".dry-run.jsonl")).get(0));
        assertThat(wouldChange.path("status").asText()).isEqualTo("WOULD_UPDATE");
        assertThat(wouldChange.path("orgUnit").asText()).isEqualTo("press");
        assertThat(wouldChange.path("profile").asText()).isEqualTo(pkeyOf("grace.lee@example.com"));
    }

    @Test
    void aFileWrittenInPlaceWithAPauseIsReadWholeInOneRunItsHalfLineIncluded() throws Exception {
        // a producer that writes straight into the inbox (no temporary name), pausing 3 s mid-line after 30 rows: the
        // run starts during the pause (the file looks stable), reads to the end it finds, and must read on
        String name = "slow-" + System.nanoTime() + ".csv";
        String[] emails = {"alice.martin@example.com", "bob.dupont@example.com", "carla.rossi@example.com",
            "emma.jones@example.com", "grace.lee@example.com"};
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            rows.append(pkeyOf(emails[i % emails.length])).append(i % 2 == 0 ? ",brand1\n" : ",brand2\n");
        }
        int cut = rows.indexOf("\n", rows.length() * 3 / 5) + 6; // within the 31st row
        NotifyBuilder done = fileDone(name);
        long patchesBefore = requests("PATCH profile 200");
        Path inbox = DATA.resolve("inbox").resolve(name);
        try (var out = Files.newOutputStream(inbox)) {
            out.write(("pkey,orgUnit\n" + rows.substring(0, cut)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(DATA.resolve("reports").resolve(name + ".report.json")));
            Thread.sleep(3_000);
            out.write(rows.substring(cut).getBytes(StandardCharsets.UTF_8));
        }
        JsonNode report = awaitReport(done, name);

        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).as("one run, each record once").isEqualTo(50);
        assertThat(report.path("deadLettered").asInt()).as("the half line was read once complete").isZero();
        assertThat(requests("PATCH profile 200") - patchesBefore).isEqualTo(report.path("updated").asLong());
        assertThat(Files.readString(DATA.resolve("processed").resolve(name))).isEqualTo("pkey,orgUnit\n" + rows);
        try (var reports = Files.list(DATA.resolve("reports"))) {
            assertThat(reports.filter(r -> r.getFileName().toString().startsWith(name))).as("no second run").hasSize(1);
        }
    }

    @Test
    void aProducersTemporaryNamesAreLeftAloneUntilRenamed() throws Exception {
        String name = "renamed-" + System.nanoTime() + ".csv";
        Path inbox = DATA.resolve("inbox");
        for (String temporary : new String[] {name + ".tmp", name + ".part", "~$" + name, "." + name}) {
            Files.writeString(inbox.resolve(temporary), "email,orgUnit\nhugo.bernard@example.com,brand3\n");
        }
        Thread.sleep(2_500); // a few polls
        for (String temporary : new String[] {name + ".tmp", name + ".part", "~$" + name, "." + name}) {
            assertThat(Files.exists(inbox.resolve(temporary))).as(temporary + " left alone").isTrue();
            assertThat(Files.exists(DATA.resolve("failed").resolve(temporary))).isFalse();
        }
        NotifyBuilder done = fileDone(name);
        Files.move(inbox.resolve(name + ".tmp"), inbox.resolve(name));
        assertThat(awaitReport(done, name).path("updated").asInt()).isEqualTo(1);
        for (String temporary : new String[] {name + ".part", "~$" + name, "." + name}) {
            Files.delete(inbox.resolve(temporary));
        }
    }

    @Test
    void aFileAnotherInstanceIsRunningStaysInTheInboxUntilThatRunHasEnded() throws Exception {
        String name = "elsewhere-" + System.nanoTime() + ".csv";
        Predicate<Exchange> thisFile = e -> e.getProperty(Exchange.SPLIT_INDEX) == null && e.getProperty(Exchange.CORRELATION_ID) == null
                && name.equals(e.getMessage().getHeader(Exchange.FILE_NAME_ONLY));
        // another instance sharing the folder runs a file of this name: another process holds the run's lock
        Path lockFile = DATA.resolve("checkpoints").resolve(name + ".lock");
        Files.createDirectories(lockFile.getParent());
        Process otherInstance = holdLock(lockFile);
        NotifyBuilder finished;
        try {
            NotifyBuilder refused = new NotifyBuilder(camel).fromRoute("file-inbox").filter(thisFile::test).whenFailed(2).create();
            finished = new NotifyBuilder(camel).fromRoute("file-inbox").filter(thisFile::test).whenCompleted(1).create();
            Path staging = Files.createTempFile(DATA, "staging", ".tmp");
            Files.writeString(staging, "email,orgUnit\nalice.martin@example.com,france\n");
            Files.move(staging, DATA.resolve("inbox").resolve(name));

            assertThat(refused.matches(30, TimeUnit.SECONDS)).as("polled twice and left alone").isTrue();
            assertThat(DATA.resolve("inbox").resolve(name)).exists();
            assertThat(DATA.resolve("failed").resolve(name)).doesNotExist();
            assertThat(DATA.resolve("reports").resolve(name + ".report.json")).as("no output touched").doesNotExist();
        } finally {
            // that run ends: the other process lets its lock go
            otherInstance.getOutputStream().close();
            assertThat(otherInstance.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        // the file is taken at the next poll
        JsonNode report = awaitReport(finished, name);
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).isEqualTo(1);
        assertThat(report.path("updated").asInt() + report.path("unchanged").asInt()).isEqualTo(1);
    }

    /** A JVM of its own holding an OS lock on {@code file} until its standard input is closed. */
    private static Process holdLock(Path file) throws IOException {
        Path program = Files.createTempDirectory("other-instance").resolve("HoldLock.java");
        Files.writeString(program, """
                import java.nio.channels.FileChannel;
                import java.nio.channels.FileLock;
                import java.nio.file.Path;
import java.time.Duration;
                import java.nio.file.StandardOpenOption;

                public class HoldLock {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                             FileLock lock = channel.lock()) {
                            System.out.println("locked");
                            System.out.flush();
                            while (System.in.read() >= 0) {
                                // held until the test closes this input
                            }
                        }
                    }
                }
                """);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                program.toString(), file.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the other process holds the lock").isEqualTo("locked");
        return process;
    }
}
